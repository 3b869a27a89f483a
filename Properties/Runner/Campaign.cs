using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Harness.Properties.Trace;

namespace Harness.Properties.Runner;

/// <summary>
/// A campaign: FsCheck generates test cases from a <see cref="ConfigSpace"/> (a configuration and its
/// commands), <see cref="Execution"/> checks each, and on the first failure FsCheck shrinks the case with
/// <see cref="TestCases.Shrink"/> to a minimal one that still fails.
/// </summary>
public static class Campaign
{
    /// <summary>Runs a campaign of one fixed configuration.</summary>
    public static CampaignResult Run(HarnessConfig config, RunOptions options, CampaignHooks? hooks = null) => Run(ConfigSpace.Of(config), options, hooks);

    public static CampaignResult Run(ConfigSpace space, RunOptions options, CampaignHooks? hooks = null)
    {
        if (space.Fixed is { } fixedConfig && ConfigCheck.Problem(fixedConfig) is { } problem)
        {
            throw new ArgumentException(problem, nameof(space));
        }
        hooks ??= new CampaignHooks();
        var clock = Stopwatch.StartNew();
        var replayed = new List<ReplayedTrace>();
        foreach (var saved in hooks.ReplayFirst)
        {
            if (saved.Trace is not { } trace)
            {
                continue;
            }
            var runConfig = space.Fixed is { } f ? trace.Config.WithBugs(f.Bugs) : trace.Config;
            var run = Execution.Run(runConfig, trace.Commands, options.Settings());
            replayed.Add(new ReplayedTrace(saved.Path, run.Violation));
            if (run.Violation is not null)
            {
                var again = new Counterexample(runConfig, options, trace.Commands, run, 0, 0, trace.Commands.Count) { TracePath = saved.Path, ReplayedFrom = saved.Path };
                return new CampaignResult(space, options, 0, run.Count, new Coverage(), again, clock.Elapsed) { Replayed = replayed };
            }
        }
        var arb = Arb.From(TestCases.For(space), t => TestCases.Shrink(t, space));
        var coverage = new Coverage();
        var geometries = new HashSet<(int, int)>();
        var tests = 0;
        var shrinking = false;
        long commands = 0;
        var prop = Prop.ForAll(arb, t =>
        {
            var x = Execution.Run(t.Config, t.Commands, options.Settings(shrinking ? null : coverage));
            if (!shrinking)
            {
                tests++;
                commands += x.Count;
                geometries.Add(((int)t.Config.Granule, t.Config.IaBits));
                hooks.Progress?.Invoke(tests, commands);
            }
            shrinking |= x.Violation is not null;
            x.World.Dispose();
            return x.Violation is null;
        });
        var capture = new FailureCapture();
        Check.One(capture.ConfigFor(options), prop);
        clock.Stop();
        Counterexample? ce = null;
        if (capture.Failed is { } failed)
        {
            var shrunk = (TestCase)failed.Shrunk.Head;
            var x = Execution.Run(shrunk.Config, shrunk.Commands, options.Settings());
            ce = new Counterexample(shrunk.Config, options, shrunk.Commands, x, failed.Tests, failed.Shrinks, ((TestCase)failed.Original.Head).Commands.Count);
            if (hooks.Store is { } store)
            {
                var (path, error) = store.Save(ce);
                ce = ce with { TracePath = path, SaveError = error };
            }
        }
        return new CampaignResult(space, options, tests, commands, coverage, ce, clock.Elapsed)
        {
            Replayed = replayed,
            Geometries = [.. geometries.Order()],
        };
    }
}

/// <summary>What a caller adds to a campaign: saved traces to replay first, where to save a counterexample, and progress.</summary>
public sealed record CampaignHooks
{
    /// <summary>Traces to check before any generation (saved failures, the regression corpus), each with its own configuration.</summary>
    public IReadOnlyList<SavedTrace> ReplayFirst { get; init; } = [];

    public FailureStore? Store { get; init; }

    /// <summary>Called after each generated test with the tests and commands run so far.</summary>
    public Action<int, long>? Progress { get; init; }
}
