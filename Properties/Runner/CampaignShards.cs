namespace Harness.Properties.Runner;

/// <summary>
/// A campaign split over <c>jobs</c> parallel shards, each an ordinary campaign with a seed of its own
/// (the seed of shard 0 is the campaign's), so every test of every shard is reproduced by re-running that
/// shard alone with its seed and test count. On the kernel backend each shard loads its own copy of the
/// library (its statics are per copy). The first counterexample in shard order is the campaign's.
/// </summary>
public static class CampaignShards
{
    /// <summary>The seed of shard <paramref name="shard"/>: the campaign's own for shard 0, a spread of it otherwise.</summary>
    public static ulong SeedOf(ulong seed, int shard) => shard == 0 ? seed : seed + ((ulong)shard * 0x9E37_79B9_7F4A_7C15UL);

    /// <summary>Tests of shard <paramref name="shard"/> of <paramref name="jobs"/>: an even share, the first shards taking the rest.</summary>
    public static int TestsOf(int tests, int jobs, int shard) => (tests / jobs) + (shard < tests % jobs ? 1 : 0);

    public static (CampaignResult Merged, IReadOnlyList<CampaignResult> Shards) Run(ConfigSpace space, RunOptions options, int jobs, CampaignHooks hooks)
    {
        jobs = Math.Max(1, Math.Min(jobs, options.MaxTests));
        if (jobs == 1)
        {
            var single = Campaign.Run(space, options, hooks);
            return (single, [single]);
        }
        var results = new CampaignResult[jobs];
        var tests = new int[jobs];
        var commands = new long[jobs];
        try
        {
            RunShards(space, options, jobs, hooks, results, tests, commands);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            // A shard's own exception (a backend that cannot be had) is the campaign's, as with one job.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }
        var coverage = new Coverage();
        foreach (var r in results)
        {
            coverage.AddFrom(r.Coverage);
        }
        var ce = results.FirstOrDefault(r => r.Counterexample is not null)?.Counterexample;
        if (ce is { ReplayedFrom: null } && hooks.Store is { } store)
        {
            var (path, error) = store.Save(ce);
            ce = ce with { TracePath = path, SaveError = error };
        }
        var merged = new CampaignResult(space, options, results.Sum(r => r.Tests), results.Sum(r => r.Commands), coverage, ce, results.Max(r => r.Elapsed))
        {
            Replayed = results[0].Replayed,
            Geometries = [.. results.SelectMany(r => r.Geometries).Distinct().Order()],
        };
        return (merged, results);
    }

    private static void RunShards(ConfigSpace space, RunOptions options, int jobs, CampaignHooks hooks, CampaignResult[] results, int[] tests, long[] commands) =>
        Parallel.For(0, jobs, new ParallelOptions { MaxDegreeOfParallelism = jobs }, shard =>
        {
            var shardOptions = options with
            {
                Seed = SeedOf(options.Seed, shard),
                MaxTests = TestsOf(options.MaxTests, jobs, shard),
                Backend = options.Backend with { Slot = shard },
            };
            var shardHooks = hooks with
            {
                // Saved failures are replayed once, by shard 0; only the campaign's counterexample is saved, below.
                ReplayFirst = shard == 0 ? hooks.ReplayFirst : [],
                Store = null,
                Progress = hooks.Progress is null ? null : (t, c) =>
                {
                    Volatile.Write(ref tests[shard], t);
                    Volatile.Write(ref commands[shard], c);
                    hooks.Progress(tests.Sum(), commands.Sum());
                },
            };
            results[shard] = Campaign.Run(space, shardOptions, shardHooks);
        });
}
