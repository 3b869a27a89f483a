using Harness.Implementation;

namespace Harness.Properties.Runner;

/// <summary>
/// How well the harness finds one deliberate bug: a campaign per seed (1 to N) in the configuration
/// where the bug acts (its home in <see cref="BugTable"/>), summarised by medians so that one lucky or unlucky seed
/// does not decide the figure.
/// </summary>
public sealed record BugHunt(Bug Bug, HarnessConfig Config, IReadOnlyList<CampaignResult> Runs)
{
    public static BugHunt Run(Bug bug, int seeds, int maxTests, int maxCommands)
    {
        var config = BugTable.HomeOf(bug);
        var runs = new List<CampaignResult>();
        for (var seed = 1UL; seed <= (ulong)seeds; seed++)
        {
            runs.Add(Campaign.Run(config, new RunOptions(seed, maxTests, maxCommands)));
        }
        return new BugHunt(bug, config, runs);
    }

    private IEnumerable<Counterexample> Found => Runs.Select(r => r.Counterexample).OfType<Counterexample>();

    /// <summary>Seeds whose campaign found the bug.</summary>
    public int Caught => Found.Count();

    public bool CaughtEverySeed => Caught == Runs.Count;

    /// <summary>Tests generated before the first failing one, over the seeds that found it.</summary>
    public double? MedianTestsToFailure => Median(Found.Select(c => (double)c.TestsToFailure));

    /// <summary>Wall time of a campaign that found the bug: generation, checking and shrinking.</summary>
    public TimeSpan? MedianTime => Median(Runs.Where(r => !r.Passed).Select(r => r.Elapsed.TotalMilliseconds)) is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    public int? ShortestShrunk => Found.Select(c => (int?)c.Commands.Count).Min();

    public int? LongestShrunk => Found.Select(c => (int?)c.Commands.Count).Max();

    /// <summary>The claims that caught it, the most frequent first (ties by name).</summary>
    public IReadOnlyList<(string Claim, int Seeds)> Claims =>
        [.. Found.GroupBy(c => c.Violation.Claim).Select(g => (g.Key, g.Count())).OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal)];

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
