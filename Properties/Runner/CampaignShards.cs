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
    /// Runs the campaign's shards on up to <paramref name="jobs"/> threads. <paramref name="perShard"/> is
    /// <see cref="TestsPerShard"/> but for tests of the sharding itself.
    /// </summary>
    public static (CampaignResult Merged, IReadOnlyList<CampaignResult> Shards) Run(ConfigSpace space, RunOptions options, int jobs, CampaignHooks hooks, int perShard = TestsPerShard)
    {
        var shards = ShardsOf(options.MaxTests, perShard);
        if (shards == 1)
        {
            var single = Campaign.Run(space, options, hooks);
            return (single, [single]);
        }
        var clock = Stopwatch.StartNew();
        var results = new CampaignResult?[shards];
        try
        {
            RunShards(space, options, Math.Clamp(jobs, 1, shards), hooks, results);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            // A shard's own exception (a backend that cannot be had) is the campaign's, as with one job.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }
        clock.Stop();
        var kept = KeptInOrder(results);
        var coverage = new Coverage();
        foreach (var r in kept)
        {
            coverage.AddFrom(r.Coverage);
        }
        var ce = kept[^1].Counterexample;
        if (ce is { ReplayedFrom: null } && hooks.Store is { } store)
        {
            var (path, error) = store.Save(ce);
            ce = ce with { TracePath = path, SaveError = error };
        }
        var merged = new CampaignResult(space, options, kept.Sum(r => r.Tests), kept.Sum(r => r.Commands), coverage, ce, clock.Elapsed)
        {
            Replayed = kept[0].Replayed,
            Geometries = [.. kept.SelectMany(r => r.Geometries).Distinct().Order()],
        };
        return (merged, kept);
    }

    /// <summary>The shards up to the first that failed, or all of them: what any number of jobs would have run.</summary>
    private static CampaignResult[] KeptInOrder(CampaignResult?[] results)
    {
        var kept = new List<CampaignResult>();
        foreach (var r in results)
        {
            // A shard before the first failure always ran to its end (RunShards says why).
            kept.Add(r ?? throw new InvalidOperationException("a shard before the first counterexample did not run"));
            if (!r.Passed)
            {
                break;
            }
        }
        return [.. kept];
    }

    /// <summary>
    /// One worker per job, each with its slot, taking the next shard in order until none is left or a
    /// shard before it has failed. Shards are taken in order, so every shard before the first failure
    /// was started while nothing before it had failed, and ran to its end.
    /// </summary>
    private static void RunShards(ConfigSpace space, RunOptions options, int jobs, CampaignHooks hooks, CampaignResult?[] results)
    {
        var shards = results.Length;
        var tests = new int[shards];
        var commands = new long[shards];
        var next = -1;
        var firstFailed = int.MaxValue;
        Parallel.For(0, jobs, new ParallelOptions { MaxDegreeOfParallelism = jobs }, slot =>
        {
            for (var shard = Interlocked.Increment(ref next); shard < shards && shard < Volatile.Read(ref firstFailed); shard = Interlocked.Increment(ref next))
            {
                var shardOptions = options with
                {
                    Seed = SeedOf(options.Seed, shard),
                    MaxTests = TestsOf(options.MaxTests, shards, shard),
                    Backend = options.Backend with { Slot = slot },
                };
                var index = shard;
                var shardHooks = hooks with
                {
                    // Saved failures are replayed once, by shard 0; only the campaign's counterexample is saved, by Run.
                    ReplayFirst = shard == 0 ? hooks.ReplayFirst : [],
                    Store = null,
                    Progress = hooks.Progress is null ? null : (t, c) =>
                    {
                        Volatile.Write(ref tests[index], t);
                        Volatile.Write(ref commands[index], c);
                        hooks.Progress(tests.Sum(), commands.Sum());
                    },
                };
                var result = Campaign.Run(space, shardOptions, shardHooks);
                results[shard] = result;
                if (!result.Passed)
                {
                    LowerTo(ref firstFailed, shard);
                }
            }
        });
    }

    private static void LowerTo(ref int location, int value)
    {
        for (var seen = Volatile.Read(ref location); value < seen; seen = Volatile.Read(ref location))
        {
            if (Interlocked.CompareExchange(ref location, value, seen) == seen)
            {
                return;
            }
        }
    }
}
