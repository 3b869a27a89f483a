using Harness.Properties.Commands;

namespace Harness.Properties.Runner;

/// <summary>
/// A failing run after shrinking: its configuration and commands, where and why it failed, and how it
/// was found.
/// </summary>
public sealed record Counterexample(
    HarnessConfig Config,
    RunOptions Options,
    IReadOnlyList<Command> Commands,
    Execution Execution,
    int TestsToFailure,
    int Shrinks,
    int OriginalLength)
{
    public Violation Violation => Execution.Violation!;

    /// <summary>The trace file of this counterexample, once one is written.</summary>
    public string? TracePath { get; init; }

    /// <summary>Why the trace could not be saved, when it could not.</summary>
    public string? SaveError { get; init; }

    /// <summary>The saved trace this counterexample was replayed from, when it came from no generation at all.</summary>
    public string? ReplayedFrom { get; init; }
}
