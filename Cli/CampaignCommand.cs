using System.CommandLine;
using Harness.Implementation;
using Harness.Properties;
using Harness.Properties.Report;
using Harness.Properties.Runner;
using Harness.Properties.Trace;
using Spectre.Console;

namespace Harness.Cli;

/// <summary>
/// <c>campaign</c> (also what runs with no subcommand): an FsCheck campaign per layer, its coverage, and
/// either "no counterexample" (exit 0) or the shrunk counterexample with a trace file to replay (exit 1).
/// Failures saved by earlier runs of the same configuration (<see cref="FailureStore"/>) are replayed
/// first; one that still fails is reported without generating anything.
/// </summary>
internal static class CampaignCommand
{
    /// <summary>The seed when none is given: fixed, so two runs without options are the same run.</summary>
    public const ulong DefaultSeed = 1;

    /// <summary>Adds the campaign's options and action to <paramref name="command"/> (the root or <c>campaign</c>).</summary>
    public static T Configure<T>(T command)
        where T : Command
    {
        var seed = CliOptions.Seed(DefaultSeed);
        var tests = new Option<int>("--tests") { Description = "Tests (command sequences) per layer.", DefaultValueFactory = _ => 200 };
        var size = new Option<int>("--size") { Description = "Most commands in one test.", DefaultValueFactory = _ => 60 };
        var granule = CliOptions.Granule();
        var ia = CliOptions.Ia();
        var layer = CliOptions.Layer("both", "stage2", "host", "both");
        var bug = new Option<string?>("--bug") { Description = $"Switch on one seeded Implementation bug, to see the harness catch it: {string.Join(", ", Enum.GetNames<Bug>().Where(n => n != nameof(Bug.None)))}." };
        foreach (var o in new Option[] { seed, tests, size, granule, ia, layer, bug })
        {
            command.Options.Add(o);
        }
        command.SetAction(p => Run(p.GetValue(seed), p.GetValue(tests), p.GetValue(size), CliOptions.ParseGranule(p.GetValue(granule)!), p.GetValue(ia), p.GetValue(layer)!, p.GetValue(bug)));
        return command;
    }

    public static Command Create() => Configure(new Command("campaign", "Run a property-testing campaign (the default when no command is given)."));

    private static int Run(ulong seed, int tests, int size, Granule granule, int ia, string layerText, string? bugName)
    {
        if (tests < 1 || size < 1)
        {
            return CliError.Report("--tests and --size must be at least 1");
        }
        var bugs = Bug.None;
        if (bugName is not null && !(Enum.GetNames<Bug>().Contains(bugName, StringComparer.Ordinal) && Enum.TryParse(bugName, out bugs)))
        {
            return CliError.Report($"unknown bug '{bugName}'; use one of {string.Join(", ", Enum.GetNames<Bug>())}");
        }
        if (CliOptions.Configs(layerText, granule, ia, bugs, out var error) is not { } configs)
        {
            return CliError.Report(error!);
        }
        var options = new RunOptions(seed, tests, size);
        Console.WriteLine($"seed {seed}{(seed == DefaultSeed ? " (the default; --seed to change)" : "")}, {tests} tests of up to {size} commands per layer");
        var failed = false;
        var store = new FailureStore(FailureStore.DefaultFolder);
        foreach (var config in configs)
        {
            var saved = store.For(config);
            foreach (var bad in saved.Where(s => s.Error is not null))
            {
                Console.WriteLine($"{config}: skipped saved trace {bad.Path}: {bad.Error}");
            }
            saved = [.. saved.Where(s => s.Trace is not null)];
            if (saved.Count > 0)
            {
                Console.WriteLine($"{config}: replaying {saved.Count} saved failure(s) from {store.Folder} first");
            }
            var result = RunOne(config, options, saved, store);
            PrintReplayed(result);
            Print(result);
            failed |= !result.Passed;
        }
        return failed ? 1 : 0;
    }

    /// <summary>Runs one layer's campaign, with a progress bar for a person at a terminal and plain lines otherwise.</summary>
    private static CampaignResult RunOne(HarnessConfig config, RunOptions options, IReadOnlyList<SavedTrace> saved, FailureStore store)
    {
        var interactive = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
        if (!interactive)
        {
            Console.WriteLine($"{config}: running");
            return Campaign.Run(config, options, null, saved, store);
        }
        CampaignResult? result = null;
        AnsiConsole.Progress().Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(config.ToString()), maxValue: options.MaxTests);
            result = Campaign.Run(config, options, n => task.Value = n, saved, store);
            task.Value = options.MaxTests;
        });
        return result!;
    }

    /// <summary>What became of each saved failure: still failing (reported below) or passing now.</summary>
    private static void PrintReplayed(CampaignResult result)
    {
        foreach (var r in result.Replayed)
        {
            Console.WriteLine(r.Passed
                ? $"  {r.Path}: passes now; delete it, or keep it as a regression: {CounterexampleReport.PromoteHint(r.Path)}"
                : $"  {r.Path}: still fails ({r.Violation!.Claim})");
        }
    }

    private static void Print(CampaignResult result)
    {
        var config = result.Config;
        if (result.Counterexample is { ReplayedFrom: not null } replayed)
        {
            Console.Write(CounterexampleReport.Format(replayed));
            return;
        }
        Console.WriteLine($"{config}: coverage");
        foreach (var (key, count) in result.Coverage.Counts)
        {
            Console.WriteLine($"  {key}: {count}");
        }
        var missing = result.Coverage.Missing(config.Layer, config.Geometry).ToList();
        if (missing.Count > 0)
        {
            Console.WriteLine($"  not reached: {string.Join(", ", missing)}");
        }
        if (result.Counterexample is not { } ce)
        {
            Console.WriteLine($"{config}: no counterexample in {result.Commands} commands ({result.Tests} tests)");
            return;
        }
        Console.Write(CounterexampleReport.Format(ce));
    }
}
