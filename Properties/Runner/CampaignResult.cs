namespace Harness.Properties.Runner;

/// <summary>What a campaign did: tests and commands run, coverage, and the shrunk counterexample if one was found.</summary>
public sealed record CampaignResult(HarnessConfig Config, RunOptions Options, int Tests, long Commands, Coverage Coverage, Counterexample? Counterexample, TimeSpan Elapsed)
{
    public bool Passed => Counterexample is null;

    /// <summary>The traces replayed before any generation, in order; a failing one ends the campaign.</summary>
    public IReadOnlyList<ReplayedTrace> Replayed { get; init; } = [];
}
