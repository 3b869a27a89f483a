namespace Harness.Properties.Runner;

/// <summary>What a campaign did: tests and commands run, coverage, and the shrunk counterexample if one was found.</summary>
public sealed record CampaignResult(ConfigSpace Space, RunOptions Options, int Tests, long Commands, Coverage Coverage, Counterexample? Counterexample, TimeSpan Elapsed)
{
    public bool Passed => Counterexample is null;

    /// <summary>The traces replayed before any generation, in order; a failing one ends the campaign.</summary>
    public IReadOnlyList<ReplayedTrace> Replayed { get; init; } = [];

    /// <summary>Commands per second over the whole campaign, generation and checks included.</summary>
    public double CommandsPerSecond => Elapsed.TotalSeconds > 0 ? Commands / Elapsed.TotalSeconds : 0;

    /// <summary>The granules and IPA sizes the campaign's tests were drawn with.</summary>
    public IReadOnlyList<(int PageShift, int IaBits)> Geometries { get; init; } = [];
}
