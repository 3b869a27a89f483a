using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Harness.Implementation;
using Harness.Properties;
using Harness.Properties.Report;
using Harness.Properties.Runner;
using Harness.Properties.Text;
using Harness.Properties.Trace;
using Spectre.Console;

namespace Harness.Cli;

/// <summary>
/// <c>campaign</c> (also what runs with no subcommand): an FsCheck campaign per layer, each test drawing
/// its configuration and command kinds, on the port or the kernel backend, in parallel jobs; then its
/// coverage and health, and either "no counterexample" (exit 0) or the shrunk counterexample with a trace
/// file and the lines that re-run and replay it (exit 1); last, commands per second. Failures saved by
/// earlier runs (<see cref="FailureStore"/>) are replayed first; one that still fails is reported at once.
/// </summary>
internal static class CampaignCommand
{
    /// <summary>The seed when none is given: fixed, so two runs without options are the same run.</summary>
    public const ulong DefaultSeed = 1;

    /// <summary>Tests per layer when none are asked for: about 10,000 commands, a few seconds.</summary>
    public const int DefaultTests = 600;

    /// <summary>The longest --progress interval: a day.</summary>
    private const double MaxProgressSeconds = 86_400;

    /// <summary>Adds the campaign's options and action to <paramref name="command"/> (the root or <c>campaign</c>).</summary>
    public static T Configure<T>(T command)
        where T : Command
    {
        var seed = CliOptions.Seed(DefaultSeed);
        var tests = new Option<int>("--tests") { Description = "Tests (command sequences) per layer.", DefaultValueFactory = _ => DefaultTests };
        var size = new Option<int>("--size") { Description = "Most commands in one test.", DefaultValueFactory = _ => 60 };
        var granule = CliOptions.Granule();
        var ia = CliOptions.Ia();
        var layer = CliOptions.Layer("both", "stage2", "host", "both");
        var progress = new Option<double>("--progress") { Description = "Seconds between progress lines when the output is not a terminal (a CI log, a file); 0 for none.", DefaultValueFactory = _ => 10 };
        var bug = new Option<string?>("--bug") { Description = $"Switch on one seeded Implementation bug (port only) and run its home configuration, to see the harness catch it: {string.Join(", ", Enum.GetNames<Bug>().Where(n => n != nameof(Bug.None)))}." };
        var jobs = new Option<int?>("--jobs") { Description = "Shards (a thousand tests each, a seed of its own) run at once; one per core when not given. The tests run do not depend on it." };
        var every = new Option<int>("--full-check-every") { Description = "Commands between sweeps of the whole table; after each command only what it touched is checked.", DefaultValueFactory = _ => RunSettings.DefaultFullCheckEvery };
        var paranoid = new Option<bool>("--paranoid") { Description = "Sweep the whole table after every command." };
        var examples = new Option<bool>("--coverage-examples") { Description = "Print, for each coverage label, the shortest command sequence that reached it." };
        var backend = new BackendOptions();
        foreach (var o in new Option[] { seed, tests, size, granule, ia, layer, bug, jobs, every, paranoid, examples, progress })
        {
            command.Options.Add(o);
        }
        backend.AddTo(command);
        command.SetAction(p =>
        {
            if (backend.Parse(p, out var backendError) is not { } choice)
            {
                return CliError.Report(backendError!);
            }
            var options = new RunOptions(p.GetValue(seed), p.GetValue(tests), p.GetValue(size)) { Backend = choice, FullCheckEvery = p.GetValue(every), Paranoid = p.GetValue(paranoid) };
            return Run(options, CliOptions.ParseGranule(p.GetValue(granule)), p.GetValue(ia), p.GetValue(layer)!, p.GetValue(bug), p.GetValue(jobs) ?? Environment.ProcessorCount, p.GetValue(examples), p.GetValue(progress));
        });
        return command;
    }

    public static Command Create() => Configure(new Command("campaign", "Run a property-testing campaign (the default when no command is given)."));

    private static int Run(RunOptions options, Granule? granule, int? ia, string layerText, string? bugName, int jobs, bool examples, double progressSeconds)
    {
        if (options.MaxTests < 1 || options.MaxCommands < 1 || options.FullCheckEvery < 1)
        {
            return CliError.Report("--tests, --size and --full-check-every must be at least 1");
        }
        if (CliOptions.JobsOutOfRange(jobs) is { } badJobs)
        {
            return CliError.Report(badJobs);
        }
        if (CliOptions.SizeTooLarge(options.MaxCommands) is { } tooLarge)
        {
            return CliError.Report(tooLarge);
        }
        if (!(progressSeconds is >= 0 and <= MaxProgressSeconds))
        {
            return CliError.Report($"--progress must be 0 to {MaxProgressSeconds} seconds, not {progressSeconds.ToString(CultureInfo.InvariantCulture)}");
        }
        IReadOnlyList<ConfigSpace> spaces;
        if (bugName is not null)
        {
            if (!Enum.TryParse<Bug>(bugName, out var bug) || bug == Bug.None || !Enum.GetNames<Bug>().Contains(bugName, StringComparer.Ordinal))
            {
                return CliError.Report($"unknown bug {Printable.Quote(bugName)}; use one of {string.Join(", ", Enum.GetNames<Bug>().Where(n => n != nameof(Bug.None)))}");
            }
            var home = BugTable.HomeOf(bug);
            home = home with { Granule = granule ?? home.Granule, IaBits = ia ?? home.IaBits };
            if (ConfigCheck.Problem(home) is { } why)
            {
                return CliError.Report($"{why}; change --granule or --ia");
            }
            spaces = [ConfigSpace.Of(home)];
        }
        else if (CliOptions.Spaces(layerText, granule, ia, out var error) is { } swarm)
        {
            spaces = swarm;
        }
        else
        {
            return CliError.Report(error!);
        }
        Console.WriteLine($"seed {options.Seed}{(options.Seed == DefaultSeed ? " (the default; --seed to change)" : "")}, {options.MaxTests} tests of up to {options.MaxCommands} commands per layer in {CampaignShards.ShardsOf(options.MaxTests)} shard(s), {jobs} job(s), backend {options.Backend}");
        var failed = false;
        var store = FailureStore.For(options.Backend);
        var clock = Stopwatch.StartNew();
        long commands = 0;
        foreach (var space in spaces)
        {
            var saved = store.For(space);
            foreach (var bad in saved.Where(s => s.Error is not null))
            {
                Console.WriteLine($"{space}: skipped saved trace {Printable.Line(bad.Path)}: {Printable.Line(bad.Error!)}");
            }
            saved = [.. saved.Where(s => s.Trace is not null)];
            if (saved.Count > 0)
            {
                Console.WriteLine($"{space}: replaying {saved.Count} saved failure(s) from {store.Folder} first");
            }
            CampaignResult result;
            try
            {
                result = RunOne(space, options, saved, store, jobs, TimeSpan.FromSeconds(progressSeconds));
            }
            catch (ArgumentException ex)
            {
                // The backend could not be had (no compiler, no tree) or refused the configuration.
                return CliError.Report(CliError.Reason(ex));
            }
            commands += result.Commands;
            PrintReplayed(result);
            Print(result, space, examples);
            failed |= !result.Passed;
        }
        clock.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{commands} commands checked in {clock.Elapsed.TotalSeconds:0.0} s: {commands / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):0} commands/s"));
        return failed ? 1 : 0;
    }

    /// <summary>Runs one layer's campaign, with a progress bar for a person at a terminal and otherwise plain lines.</summary>
    private static CampaignResult RunOne(ConfigSpace space, RunOptions options, IReadOnlyList<SavedTrace> saved, FailureStore store, int jobs, TimeSpan progressInterval)
    {
        var hooks = new CampaignHooks { ReplayFirst = saved, Store = store };
        var interactive = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
        if (!interactive)
        {
            Console.WriteLine($"{space}: running");
            if (progressInterval == TimeSpan.Zero)
            {
                return CampaignShards.Run(space, options, jobs, hooks).Merged;
            }
            using var progress = new ProgressLines(space.ToString(), options.MaxTests, progressInterval);
            var ran = CampaignShards.Run(space, options, jobs, hooks with { Progress = progress.Report }).Merged;
            progress.Stop();
            return ran;
        }
        CampaignResult? result = null;
        AnsiConsole.Progress().Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(space.ToString()), maxValue: options.MaxTests);
            result = CampaignShards.Run(space, options, jobs, hooks with { Progress = (n, _) => task.Value = n }).Merged;
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
                ? $"  {Printable.Line(r.Path)}: passes now; delete it, or keep it as a regression: {ReportLines.Promote(r.Path)}"
                : $"  {Printable.Line(r.Path)}: still fails ({r.Violation!.Claim})");
        }
    }

    private static void Print(CampaignResult result, ConfigSpace space, bool examples)
    {
        if (result.Counterexample is { ReplayedFrom: not null })
        {
            PrintCounterexample(result, space);
            return;
        }
        CoverageReport.Print(result, space, examples);
        if (result.Counterexample is null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{space}: no counterexample in {result.Commands} commands ({result.Tests} tests, {result.CommandsPerSecond:0} commands/s)"));
            return;
        }
        PrintCounterexample(result, space);
    }

    /// <summary>
    /// The counterexample of <paramref name="result"/> with the lines only the command line can write: one
    /// replayed from a saved trace names that trace; a generated one how to re-run, replay and keep it.
    /// </summary>
    public static void PrintCounterexample(CampaignResult result, ConfigSpace space)
    {
        var ce = result.Counterexample!;
        Console.Write(CounterexampleReport.Format(ce));
        if (ce.ReplayedFrom is not null)
        {
            Console.WriteLine($"Replay: {ReportLines.Replay(ce.TracePath!, result.Options.Backend)}");
            return;
        }
        Console.WriteLine($"Re-run: {ReportLines.Rerun(ce, space)}");
        if (ce.TracePath is { } path)
        {
            Console.WriteLine($"Replay: {ReportLines.Replay(path, result.Options.Backend)}");
            Console.WriteLine($"Keep it as a regression: {ReportLines.Promote(path)}");
        }
    }
}
