namespace Harness.Cli.Tests.Fuzz;

/// <summary>
/// How one replay ended: its exit status (null when it did not finish within the budget), what it wrote
/// on standard error, the start and end of standard output, and what it cost.
/// </summary>
public sealed record ReplayOutcome(int? Exit, string Err, OutputSample Out, TimeSpan Elapsed, long AllocatedBytes)
{
    public bool TimedOut => Exit is null;
}
