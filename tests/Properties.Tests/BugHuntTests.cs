using Harness.Implementation;
using Harness.Properties.Runner;

namespace Harness.Properties.Tests;

/// <summary>The figures <c>harness bugs</c> prints, from a few small hunts.</summary>
public class BugHuntTests
{
    // Seeds 1 to 3 each run a campaign in the bug's configuration; all catch it by the same claim, shrunk to 2.
    [Fact]
    public void Hunt_CaughtBySeeds_Summarised()
    {
        var hunt = BugHunt.Run(Bug.NoPutOnValidUpdate, seeds: 3, maxTests: 200, maxCommands: 60);
        Assert.Equal([1UL, 2UL, 3UL], hunt.Runs.Select(r => r.Options.Seed));
        Assert.Equal(3, hunt.Caught);
        Assert.True(hunt.CaughtEverySeed);
        var tests = hunt.Runs.Select(r => r.Counterexample!.TestsToFailure).Order().ToList();
        Assert.Equal(tests[1], hunt.MedianTestsToFailure);
        Assert.Equal((2, 2), (hunt.ShortestShrunk, hunt.LongestShrunk));
        Assert.Equal([("refcount consistency", 3)], hunt.Claims);
        Assert.NotNull(hunt.MedianTime);
    }

    // With two seeds the median is the mean of the middle pair.
    [Fact]
    public void Hunt_EvenSeeds_MedianIsMiddleMean()
    {
        var hunt = BugHunt.Run(Bug.UnmapSkipsAnnotations, seeds: 2, maxTests: 200, maxCommands: 60);
        var tests = hunt.Runs.Select(r => (double)r.Counterexample!.TestsToFailure).ToList();
        Assert.Equal((tests[0] + tests[1]) / 2, hunt.MedianTestsToFailure);
    }

    // A "bug" the harness cannot see (none switched on) is reported as not caught, with no figures.
    [Fact]
    public void Hunt_NothingCaught_NoFigures()
    {
        var hunt = new BugHunt(Bug.None, HarnessConfig.Stage2Default, [.. Enumerable.Range(1, 2).Select(s => Campaign.Run(HarnessConfig.Stage2Default, new RunOptions((ulong)s, 5, 10)))]);
        Assert.Equal(0, hunt.Caught);
        Assert.False(hunt.CaughtEverySeed);
        Assert.Null(hunt.MedianTestsToFailure);
        Assert.Null(hunt.MedianTime);
        Assert.Null(hunt.ShortestShrunk);
        Assert.Empty(hunt.Claims);
    }
}
