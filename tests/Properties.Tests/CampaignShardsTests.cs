using Harness.Implementation;
using Harness.Properties.Runner;

namespace Harness.Properties.Tests;

/// <summary>
/// A campaign's shards depend on its test count alone: any number of jobs runs the same tests, counts the
/// same commands and coverage, and reports the same counterexample, the first in shard order. Small
/// shards (a few tests each) stand in for the CLI's thousand.
/// </summary>
public class CampaignShardsTests
{
    private const int PerShard = 8;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(600, 1)]
    [InlineData(1000, 1)]
    [InlineData(1001, 2)]
    [InlineData(20000, 20)]
    [InlineData(int.MaxValue, 2147484)]
    public void ShardsOf_IsEnoughForNoneToExceedAThousand(int tests, int shards)
    {
        Assert.Equal(shards, CampaignShards.ShardsOf(tests));
        var each = Enumerable.Range(0, shards).Select(s => CampaignShards.TestsOf(tests, shards, s)).ToList();
        Assert.Equal(tests, each.Sum(t => (long)t));
        Assert.All(each, t => Assert.InRange(t, 1, CampaignShards.TestsPerShard));
    }

    [Fact]
    public void SeedOf_KeepsTheCampaignSeedForShardZeroAndSpreadsTheOthers()
    {
        Assert.Equal(7UL, CampaignShards.SeedOf(7, 0));
        var seeds = Enumerable.Range(0, 50).Select(s => CampaignShards.SeedOf(7, s)).ToList();
        Assert.Equal(seeds.Count, seeds.Distinct().Count());
    }

    // The swarm over both layers: every number of jobs gives the same tests, commands and coverage.
    [Theory]
    [InlineData(Layer.Stage2)]
    [InlineData(Layer.Host)]
    public void AnyNumberOfJobs_RunsTheSameCampaign(Layer layer)
    {
        var space = ConfigSpace.Swarm(layer);
        var options = new RunOptions(Seed: 3, MaxTests: 45);
        var runs = new[] { 1, 2, 5 }.Select(jobs => CampaignShards.Run(space, options, jobs, new CampaignHooks(), PerShard)).ToList();
        var one = runs[0];
        Assert.Equal(6, one.Shards.Count);
        Assert.True(one.Merged.Passed);
        Assert.Equal(45, one.Merged.Tests);
        foreach (var other in runs.Skip(1))
        {
            Assert.Equal(one.Merged.Tests, other.Merged.Tests);
            Assert.Equal(one.Merged.Commands, other.Merged.Commands);
            Assert.Equal(one.Merged.Coverage.Counts, other.Merged.Coverage.Counts);
            Assert.Equal(one.Merged.Geometries, other.Merged.Geometries);
            Assert.Equal(one.Shards.Select(s => s.Commands), other.Shards.Select(s => s.Commands));
        }
    }

    // Progress adds up every shard's tests and commands, whatever the jobs.
    [Fact]
    public void Progress_CountsEveryShard()
    {
        foreach (var jobs in new[] { 1, 3 })
        {
            var (maxTests, maxCommands) = (0, 0L);
            var hooks = new CampaignHooks
            {
                Progress = (t, c) =>
                {
                    lock (this)
                    {
                        (maxTests, maxCommands) = (Math.Max(maxTests, t), Math.Max(maxCommands, c));
                    }
                },
            };
            var (merged, _) = CampaignShards.Run(ConfigSpace.Swarm(Layer.Host), new RunOptions(Seed: 2, MaxTests: 30), jobs, hooks, PerShard);
            Assert.Equal(30, maxTests);
            Assert.Equal(merged.Commands, maxCommands);
        }
    }

    // A shard is an ordinary campaign: its seed and test count alone reproduce it.
    [Fact]
    public void EachShard_IsReproducedByItsSeedAndTestsAlone()
    {
        var space = ConfigSpace.Swarm(Layer.Stage2);
        var (_, shards) = CampaignShards.Run(space, new RunOptions(Seed: 5, MaxTests: 30), 2, new CampaignHooks(), PerShard);
        Assert.Equal(4, shards.Count);
        for (var k = 0; k < shards.Count; k++)
        {
            Assert.Equal(k, shards[k].Index);
            Assert.Equal(CampaignShards.SeedOf(5, k), shards[k].Seed);
            var alone = Campaign.Run(space, new RunOptions(shards[k].Seed, CampaignShards.TestsOf(30, 4, k)));
            Assert.Equal(shards[k].Tests, alone.Tests);
            Assert.Equal(shards[k].Commands, alone.Commands);
        }
    }

    // A bug that a later shard finds first (short tests, so that shard 0 may miss it): every number of
    // jobs reports that shard's counterexample, and counts the shards up to it, never those after it
    // that a second job may have run meanwhile.
    [Fact]
    public void TheFirstFailingShard_GivesTheCounterexampleForAnyNumberOfJobs()
    {
        var home = BugTable.HomeOf(Bug.NoTlbiOnBreakBeforeMake);
        var space = ConfigSpace.Of(home);
        const int tests = 20 * PerShard;
        var seed = Enumerable.Range(1, 20).Select(s => (ulong)s)
            .First(s => CampaignShards.Run(space, new RunOptions(s, tests, MaxCommands: 12), 1, new CampaignHooks(), PerShard).Shards.Count > 1);
        var options = new RunOptions(seed, tests, MaxCommands: 12);
        var one = CampaignShards.Run(space, options, 1, new CampaignHooks(), PerShard);
        Assert.False(one.Merged.Passed);
        Assert.False(one.Shards[^1].Passed);
        Assert.All(one.Shards.SkipLast(1), s => Assert.True(s.Passed));
        Assert.Equal(CampaignShards.SeedOf(seed, one.Shards.Count - 1), one.Merged.Counterexample!.Options.Seed);
        Assert.Equal(one.Shards.Sum(s => s.Tests), one.Merged.Tests);
        foreach (var jobs in new[] { 2, 4 })
        {
            var other = CampaignShards.Run(space, options, jobs, new CampaignHooks(), PerShard);
            Assert.Equal(one.Shards.Count, other.Shards.Count);
            Assert.Equal(one.Merged.Tests, other.Merged.Tests);
            Assert.Equal(one.Merged.Commands, other.Merged.Commands);
            Assert.Equal(one.Merged.Coverage.Counts, other.Merged.Coverage.Counts);
            var ce = other.Merged.Counterexample!;
            Assert.Equal(one.Merged.Counterexample.Options.Seed, ce.Options.Seed);
            Assert.Equal(one.Merged.Counterexample.Commands.Select(c => c.ToString()), ce.Commands.Select(c => c.ToString()));
        }
    }
}
