using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Harness.Properties.Commands;
using Harness.Properties.Generators;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace Harness.Properties.Runner;

/// <summary>
/// A campaign: FsCheck generates command arrays from the layer's generators, <see cref="Execution"/>
/// checks each, and on the first failure FsCheck shrinks the array (dropping commands, then simplifying
/// them with <see cref="Shrinker"/>) to a minimal one that still fails.
/// </summary>
public static class Campaign
{
    public static CampaignResult Run(HarnessConfig config, RunOptions options, Action<int>? progress = null)
    {
        _ = World.Create(config, out var error) ?? throw new ArgumentException(error, nameof(config));
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
        var capture = new CaptureRunner();
        var fsConfig = Config.Quick
            .WithMaxTest(options.MaxTests)
            .WithEndSize(options.MaxCommands)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(options.Seed), FSharpOption<int>.None)))
            .WithRunner(capture);
        var clock = Stopwatch.StartNew();
        Check.One(fsConfig, prop);
        clock.Stop();
        Counterexample? ce = null;
        if (capture.Failed is { } f)
        {
            var shrunk = ((Command[])f.Shrunk.Head).ToList();
            var x = Execution.Run(config, shrunk);
            ce = new Counterexample(config, options, shrunk, x, f.Tests, f.Shrinks, ((Command[])f.Original.Head).Length);
        }
        return new CampaignResult(config, options, tests, commands, coverage, ce, clock.Elapsed);
    }

    /// <summary>Keeps FsCheck's verdict instead of printing it.</summary>
    private sealed class CaptureRunner : IRunner
    {
        public (int Tests, int Shrinks, FSharpList<object> Original, FSharpList<object> Shrunk)? Failed { get; private set; }

        public void OnStartFixture(Type t)
        {
        }

        public void OnArguments(int ntest, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every)
        {
        }

        public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink)
        {
        }

        public void OnFinished(string name, TestResult result)
        {
            if (result is TestResult.Failed failed)
            {
                Failed = (failed.Item1.NumberOfTests, failed.Item1.NumberOfShrinks, failed.Item2, failed.Item3);
            }
        }
    }
}
