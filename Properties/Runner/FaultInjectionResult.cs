namespace Harness.Properties.Runner;

/// <summary>
/// What a fault-injection campaign did: cases checked, what the injections reached (<see cref="Coverage"/>
/// keys such as <c>map: returned -ENOMEM</c>), and the shrunk failure if one was found.
/// </summary>
public sealed record FaultInjectionResult(
    ConfigSpace Space,
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

    /// <summary>The configuration of the failing case, or the space's fixed one.</summary>
    public HarnessConfig Config => Failure?.Case.Config ?? Space.Fixed ?? Space.Simplest;

    /// <summary>The trace file of the failure, once one is written.</summary>
    public string? TracePath { get; init; }

    /// <summary>Why the trace could not be saved, when it could not.</summary>
    public string? SaveError { get; init; }
}
