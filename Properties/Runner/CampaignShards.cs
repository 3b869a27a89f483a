using System.Diagnostics;

namespace Harness.Properties.Runner;

/// <summary>
/// A campaign cut into shards of at most <see cref="TestsPerShard"/> tests, each an ordinary campaign
/// with a seed of its own (the seed of shard 0 is the campaign's), run <c>jobs</c> at a time. Which
/// shards exist depends on the test count alone, never on the jobs or the machine's cores: a seed runs
/// the same tests, counts the same commands and coverage, and reports the same counterexample on every
/// machine. Every test of a shard is reproduced by re-running that shard alone with its seed and test
/// count. The counterexample is the one of the first shard, in shard order, that finds one: the shards
/// before it all run to their end, those after it are not started (or their results dropped), and the
/// totals count the shards up to it. On the kernel backend every job has a slot of its own, a private
/// copy of the library (its statics are per copy), that the shards it runs use in turn.
/// </summary>
public static class CampaignShards
{
    /// <summary>
    /// Tests per shard: the default campaign (600 tests per layer) is one shard, run on one job, where two
    /// jobs measured slower than one (docs/performance.md); a 20,000-test campaign is 20 shards.
    /// </summary>
    public const int TestsPerShard = 1000;

    /// <summary>The seed of shard <paramref name="shard"/>: the campaign's own for shard 0, a spread of it otherwise.</summary>
    public static ulong SeedOf(ulong seed, int shard) => shard == 0 ? seed : seed + ((ulong)shard * 0x9E37_79B9_7F4A_7C15UL);

    /// <summary>How many shards a campaign of <paramref name="tests"/> tests has: enough for none to exceed <paramref name="perShard"/>.</summary>
    public static int ShardsOf(int tests, int perShard = TestsPerShard) => Math.Max(1, (int)(((long)tests + perShard - 1) / perShard));

    /// <summary>Tests of shard <paramref name="shard"/> of <paramref name="shards"/>: an even share, the first shards taking the rest.</summary>
    public static int TestsOf(int tests, int shards, int shard) => (tests / shards) + (shard < tests % shards ? 1 : 0);

    /// <summary>
    /// Runs the campaign's shards on up to <paramref name="jobs"/> threads: the merged result, and what
    /// each shard up to the first failure ran. <paramref name="perShard"/> is <see cref="TestsPerShard"/>
    /// but for tests of the sharding itself.
    /// </summary>
    public static (CampaignResult Merged, IReadOnlyList<ShardRun> Shards) Run(ConfigSpace space, RunOptions options, int jobs, CampaignHooks hooks, int perShard = TestsPerShard)
    {
        var shards = ShardsOf(options.MaxTests, perShard);
        if (shards == 1)
        {
            var single = Campaign.Run(space, options, hooks);
            return (single, [ShardRun.Of(0, single)]);
        }
        var clock = Stopwatch.StartNew();
        var merge = new InOrder(shards);
        try
        {
            RunShards(space, options, Math.Clamp(jobs, 1, shards), hooks, merge);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            // A shard's own exception (a backend that cannot be had) is the campaign's, as with one job.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }
        clock.Stop();
        if (!merge.Complete)
        {
            throw new InvalidOperationException("a shard before the campaign's first counterexample did not finish");
        }
        var ce = merge.Counterexample;
        if (ce is { ReplayedFrom: null } && hooks.Store is { } store)
        {
            var (path, error) = store.Save(ce);
            ce = ce with { TracePath = path, SaveError = error };
        }
        var merged = new CampaignResult(space, options, merge.Tests, merge.Commands, merge.Coverage, ce, clock.Elapsed)
        {
            Replayed = merge.Replayed,
            Geometries = [.. merge.Geometries.Order()],
        };
        return (merged, merge.Runs);
    }

    /// <summary>
    /// One worker per job, each with its slot, taking the next shard in order until none is left or a
    /// shard before it has failed. Shards are taken in order, so every shard before the first failure
    /// was started while nothing before it had failed, and ran to its end.
    /// </summary>
    private static void RunShards(ConfigSpace space, RunOptions options, int jobs, CampaignHooks hooks, InOrder merge)
    {
        var shards = merge.Shards;
        var next = -1;
        int testsSoFar = 0;
        long commandsSoFar = 0;
        Parallel.For(0, jobs, new ParallelOptions { MaxDegreeOfParallelism = jobs }, slot =>
        {
            for (var shard = Interlocked.Increment(ref next); shard < shards && shard < merge.FirstFailed; shard = Interlocked.Increment(ref next))
            {
                var shardOptions = options with
                {
                    Seed = SeedOf(options.Seed, shard),
                    MaxTests = TestsOf(options.MaxTests, shards, shard),
                    Backend = options.Backend with { Slot = slot },
                };
                // Progress is the sum over every shard so far: each adds what it ran since it last said.
                int shardTests = 0;
                long shardCommands = 0;
                var shardHooks = hooks with
                {
                    // Saved failures are replayed once, by shard 0; only the campaign's counterexample is saved, by Run.
                    ReplayFirst = shard == 0 ? hooks.ReplayFirst : [],
                    Store = null,
                    Progress = hooks.Progress is null ? null : (t, c) =>
                    {
                        var tests = Interlocked.Add(ref testsSoFar, t - shardTests);
                        var commands = Interlocked.Add(ref commandsSoFar, c - shardCommands);
                        (shardTests, shardCommands) = (t, c);
                        hooks.Progress(tests, commands);
                    },
                };
                merge.Add(shard, Campaign.Run(space, shardOptions, shardHooks));
            }
        });
    }

    /// <summary>
    /// Folds shard results into the campaign's in shard order, up to the first that failed, as they
    /// finish: a result that finishes before those ahead of it waits (a few, one per job at most), and
    /// a folded result is let go, so a long campaign keeps no more than its jobs' results.
    /// </summary>
    private sealed class InOrder(int shards)
    {
        private readonly Dictionary<int, CampaignResult> _waiting = [];
        private readonly List<ShardRun> _runs = [];
        private int _firstFailed = int.MaxValue;
        private int _nextToFold;

        public int Shards { get; } = shards;

        /// <summary>The first shard known to have failed (int.MaxValue while none has): no later shard need start.</summary>
        public int FirstFailed => Volatile.Read(ref _firstFailed);

        public int Tests { get; private set; }

        public long Commands { get; private set; }

        public Coverage Coverage { get; } = new();

        public HashSet<(int, int)> Geometries { get; } = [];

        public IReadOnlyList<ReplayedTrace> Replayed { get; private set; } = [];

        public Counterexample? Counterexample { get; private set; }

        public IReadOnlyList<ShardRun> Runs => _runs;

        /// <summary>Whether every shard up to the first failure (or every shard) was folded.</summary>
        public bool Complete => _nextToFold == Math.Min(Shards, (long)_firstFailed + 1);

        public void Add(int shard, CampaignResult result)
        {
            lock (_waiting)
            {
                if (!result.Passed && shard < _firstFailed)
                {
                    Volatile.Write(ref _firstFailed, shard);
                }
                _waiting[shard] = result;
                while (_nextToFold <= _firstFailed && _waiting.Remove(_nextToFold, out var ready))
                {
                    Fold(_nextToFold++, ready);
                }
            }
        }

        private void Fold(int shard, CampaignResult r)
        {
            _runs.Add(ShardRun.Of(shard, r));
            Tests += r.Tests;
            Commands += r.Commands;
            Coverage.AddFrom(r.Coverage);
            Geometries.UnionWith(r.Geometries);
            if (shard == 0)
            {
                Replayed = r.Replayed;
            }
            Counterexample = r.Counterexample;
        }
    }
}

/// <summary>What one shard of a campaign ran: its seed and test count (which re-run it alone), its commands and verdict.</summary>
public sealed record ShardRun(int Index, ulong Seed, int Tests, long Commands, bool Passed)
{
    public static ShardRun Of(int index, CampaignResult r) => new(index, r.Options.Seed, r.Tests, r.Commands, r.Passed);
}
