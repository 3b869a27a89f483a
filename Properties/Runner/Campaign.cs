using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Harness.Properties.Commands;
using Harness.Properties.Generators;
using Harness.Properties.Trace;

namespace Harness.Properties.Runner;

/// <summary>
/// A campaign: FsCheck generates command arrays from the layer's generators, <see cref="Execution"/>
/// checks each, and on the first failure FsCheck shrinks the array (dropping commands, then simplifying
/// them with <see cref="Shrinker"/>) to a minimal one that still fails.
/// </summary>
public static class Campaign
{
    /// <param name="config">The system under test.</param>
    /// <param name="options">Seed and budget.</param>
    /// <param name="progress">Called with the number of tests run so far.</param>
    /// <param name="replayFirst">
    /// Traces to check before any generation (saved failures, the regression corpus), each with its own
    /// configuration but this campaign's bugs; the first that fails is the campaign's counterexample.
    /// </param>
    /// <param name="store">Where to save the trace of a counterexample found by generation.</param>
    public static CampaignResult Run(HarnessConfig config, RunOptions options, Action<int>? progress = null, IReadOnlyList<SavedTrace>? replayFirst = null, FailureStore? store = null)
    {
        _ = World.Create(config, out var error) ?? throw new ArgumentException(error, nameof(config));
        var clock = Stopwatch.StartNew();
        var replayed = new List<ReplayedTrace>();
        foreach (var saved in replayFirst ?? [])
        {
            if (saved.Trace is not { } trace)
            {
                continue;
            }
            var runConfig = trace.Config.WithBugs(config.Bugs);
            var run = Execution.Run(runConfig, trace.Commands);
            replayed.Add(new ReplayedTrace(saved.Path, run.Violation));
            if (run.Violation is not null)
            {
                var again = new Counterexample(runConfig, options, trace.Commands, run, 0, 0, trace.Commands.Count) { TracePath = saved.Path, ReplayedFrom = saved.Path };
                return new CampaignResult(config, options, 0, run.Steps.Count, new Coverage(), again, clock.Elapsed) { Replayed = replayed };
            }
        }
        var geo = config.Geometry;
        var arb = Arb.Array(Arb.From(CommandGenerator.For(config), c => Shrinker.Shrink(c, geo.PageSize)));
        var coverage = new Coverage();
        var tests = 0;
        var shrinking = false;
        long commands = 0;
        var prop = Prop.ForAll(arb, cmds =>
        {
            var x = Execution.Run(config, cmds, shrinking ? null : coverage);
            if (!shrinking)
            {
                tests++;
                commands += x.Steps.Count;
                progress?.Invoke(tests);
            }
            shrinking |= x.Violation is not null;
            return x.Violation is null;
        });
        var capture = new FailureCapture();
        Check.One(capture.ConfigFor(options), prop);
        clock.Stop();
        Counterexample? ce = null;
        if (capture.Failed is { } f)
        {
            var shrunk = ((Command[])f.Shrunk.Head).ToList();
            var x = Execution.Run(config, shrunk);
            ce = new Counterexample(config, options, shrunk, x, f.Tests, f.Shrinks, ((Command[])f.Original.Head).Length);
            if (store is not null)
            {
                ce = ce with { TracePath = store.Save(ce) };
            }
        }
        return new CampaignResult(config, options, tests, commands, coverage, ce, clock.Elapsed) { Replayed = replayed };
    }
}
