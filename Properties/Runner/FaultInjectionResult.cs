namespace Harness.Properties.Runner;

/// <summary>
/// What a fault-injection campaign did: cases checked, what the injections reached (<see cref="Coverage"/>
/// keys such as <c>map: -ENOMEM injected</c>), and the shrunk failure if one was found.
/// </summary>
public sealed record FaultInjectionResult(
    HarnessConfig Config,
    RunOptions Options,
    int Cases,
    Coverage Coverage,
    AllocationPointFailure? Failure,
    int CasesToFailure,
    int Shrinks,
    int OriginalPrefixLength,
    TimeSpan Elapsed)
{
    public bool Passed => Failure is null;

    /// <summary>The trace file of the failure, once one is written.</summary>
    public string? TracePath { get; init; }
}
