using System.CommandLine;
using System.Globalization;
using Harness.Properties;
using Harness.Properties.Backends;
using Harness.Properties.Runner;

namespace Harness.Cli;

/// <summary>
/// <c>bench</c>: the performance figures of docs/performance.md in under a minute, from the command line.
/// Per layer, the default campaign's own test cases (its seed, test count and size, generation excluded)
/// are run unchecked and checked on the port (without the claims, with the default sweep interval, and
/// paranoid), and unchecked on the kernel backend, each in a process of its own; it prints each rate in commands per
/// second and the ratios the targets are stated in. Last, a campaign of each layer in turn on one job, as
/// the default campaign runs them, generation included, run twice in a process of its own: the second run,
/// on compiled code, gives the rate per core (target 3). The BenchmarkDotNet suite in <c>bench/</c>
/// measures the same workloads more carefully.
/// </summary>
internal static class BenchCommand
{
    /// <summary>The workload is kept in memory to be run again and again: 50,000 tests are about 750,000 commands.</summary>
    private const int MaxTests = 50_000;

    /// <summary>
    /// The campaign measured per layer, twice in one process: the first run compiles as it goes (a
    /// 10,000-test campaign spends a third of its time or more on code not yet compiled with its profile),
    /// the second runs the same tests on compiled code, which is what a core does through a long campaign.
    /// Two runs of 10,000 take about what one of 20,000 did, and keep the whole under a minute.
    /// </summary>
    private const int DefaultCampaignTests = 10_000;

    private const string CampaignLeftOut = "  campaign, one job: not measured: --campaign-tests 0";

    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { Description = "Least time spent on each measurement.", DefaultValueFactory = _ => 2 };
        var tests = new Option<int>("--tests") { Description = $"Tests in each layer's workload (1 to {MaxTests}): as many as a campaign without options runs.", DefaultValueFactory = _ => CampaignCommand.DefaultTests };
        var seed = CliOptions.Seed(CampaignCommand.DefaultSeed);
        var tree = BackendOptions.Tree();
        var layer = CliOptions.Layer("both", "stage2", "host", "both");
        var mode = new Option<string>("--mode") { Description = "Measure one mode only (for a profiler): unchecked, bare (checked without the claims), checked, paranoid, kernel, campaign (one job, generation included); or phases: where a checked command's time goes, per granule; all when not given.", DefaultValueFactory = _ => "all" }
            .AcceptOnlyFromAmong("all", "unchecked", "bare", "checked", "paranoid", "kernel", "campaign", "phases");
        var campaignTests = new Option<int>("--campaign-tests") { Description = $"Tests of the campaign measured per layer on one job, generation included (0 to {MaxTests}; 0 leaves it out).", DefaultValueFactory = _ => DefaultCampaignTests };
        var command = new Command("bench", "Measure commands per second, checked and unchecked, on the port and on the kernel backend.") { seconds, tests, campaignTests, seed, tree, layer, mode };
        command.SetAction(p => Run(p.GetValue(seconds), p.GetValue(tests), p.GetValue(campaignTests), p.GetValue(seed), p.GetValue(tree), p.GetValue(layer)!, p.GetValue(mode)!));
        return command;
    }

    private static int Run(double seconds, int tests, int campaignTests, ulong seed, string? tree, string layerText, string mode)
    {
        if (!(seconds is > 0 and <= 600) || tests is < 1 or > MaxTests || campaignTests is < 0 or > MaxTests)
        {
            return CliError.Report($"--seconds must be above 0 and at most 600, --tests 1 to {MaxTests}, and --campaign-tests 0 to {MaxTests}");
        }
        var atLeast = TimeSpan.FromSeconds(seconds);
        var kernel = new BackendChoice(BackendKind.Kernel, tree);
        Console.WriteLine($"harness bench: the default campaign's tests (seed {seed}, {tests} tests of up to 60 commands per layer), generation excluded; best of runs over {seconds.ToString(CultureInfo.InvariantCulture)} s{(mode is "all" or "campaign" ? $"; then a campaign of {campaignTests} tests per layer, generation included, run twice" : "")}; {Environment.ProcessorCount} core(s), one used{(mode == "all" ? ", each mode in a process of its own" : "")}");
        if (mode == "all")
        {
            return RunEachModeApart(seconds, tests, campaignTests, seed, tree, layerText);
        }
        if (mode == "campaign")
        {
            Console.WriteLine(MeasureCampaign(CliOptions.Layers(layerText), seed, campaignTests));
            return 0;
        }
        foreach (var layer in CliOptions.Layers(layerText))
        {
            var workload = Workload.Of(ConfigSpace.Swarm(layer), new RunOptions(seed, tests));
            Console.WriteLine($"{layer.ToString().ToLowerInvariant()}: {workload.Cases.Count} tests, {workload.Commands} commands");
            if (mode == "phases")
            {
                foreach (var line in PhaseReport.Of(workload, atLeast))
                {
                    Console.WriteLine(line);
                }
                continue;
            }
            Console.WriteLine(MeasureHere(workload, mode, atLeast, kernel));
        }
        return 0;
    }

    /// <summary>
    /// The default campaign's kind of run (a swarm campaign of each layer in turn) on one job, generation
    /// and every check included, twice in this process: its first run, compilation included, and the same
    /// run again on compiled code, target 3's rate per core. Two lines.
    /// </summary>
    private static string MeasureCampaign(IEnumerable<Layer> layers, ulong seed, int tests)
    {
        if (tests == 0)
        {
            return CampaignLeftOut;
        }
        var first = RunCampaign(layers, seed, tests);
        var warm = RunCampaign(layers, seed, tests);
        var verdict = first.Passed && warm.Passed ? "" : " (it found a counterexample: run the campaign to see it)";
        return string.Create(CultureInfo.InvariantCulture, $"  campaign, one job, generation and every check, {tests} tests per layer, first run in its process{verdict}: {first.Rate:0} commands/s\n  the same campaign again, on compiled code (the rate per core): {warm.Rate:0} commands/s");
    }

    private static (double Rate, bool Passed) RunCampaign(IEnumerable<Layer> layers, ulong seed, int tests)
    {
        long commands = 0;
        var elapsed = TimeSpan.Zero;
        var passed = true;
        foreach (var layer in layers)
        {
            var result = CampaignShards.Run(ConfigSpace.Swarm(layer), new RunOptions(seed, tests), jobs: 1, new CampaignHooks()).Merged;
            commands += result.Commands;
            elapsed += result.Elapsed;
            passed &= result.Passed;
        }
        return (commands / Math.Max(elapsed.TotalSeconds, 1e-9), passed);
    }

    /// <summary>One mode measured in this process (for a profiler, or as a child of <see cref="RunEachModeApart"/>): its line as printed.</summary>
    private static string MeasureHere(Workload workload, string mode, TimeSpan atLeast, BackendChoice kernel)
    {
        var (what, settings) = mode switch
        {
            "unchecked" => ("unchecked, port", new RunSettings { Checked = false }),
            // The oracle without its claims (shadow, model, postconditions, sweeps of memory): what the claims add is the rest.
            "bare" => ("checked without the claims (shadow, model, postconditions), port", new RunSettings { Only = [] }),
            "checked" => ($"checked, sweep every {RunSettings.DefaultFullCheckEvery}, port", new RunSettings()),
            "paranoid" => ("checked, paranoid (sweep after every command), port", new RunSettings { Paranoid = true }),
            _ => ("unchecked, kernel backend", new RunSettings { Checked = false, Backend = kernel }),
        };
        try
        {
            return string.Create(CultureInfo.InvariantCulture, $"  {what}: {workload.Rate(settings, atLeast):0} commands/s");
        }
        catch (ArgumentException ex) when (mode == "kernel")
        {
            return $"  {what}: not measured: {CliError.Reason(ex)}";
        }
    }

    /// <summary>
    /// Every mode of each layer, each measured by a <c>harness bench --mode</c> of its own. In one process
    /// the runtime compiles the code the modes share (the world's event dispatch, the walker) with the
    /// profile of the modes run first, which cost the checked modes 5-15% (docs/performance.md): a campaign
    /// or a replay runs one mode per process, and so does each measurement here. Target 1's two modes,
    /// unchecked and checked, are measured first and again last, and the better of each kept: measured
    /// once, one after the other, they slowed unevenly whenever the machine was loaded, and the ratio swung.
    /// </summary>
    private static int RunEachModeApart(double seconds, int tests, int campaignTests, ulong seed, string? tree, string layerText)
    {
        foreach (var layer in CliOptions.Layers(layerText))
        {
            var name = layer.ToString().ToLowerInvariant();
            var best = new Dictionary<string, string>();
            foreach (var mode in new[] { "unchecked", "checked", "bare", "paranoid", "kernel", "unchecked", "checked" })
            {
                var line = MeasureApart(name, mode, seconds, tests, campaignTests, seed, tree, out var layerLine);
                if (layerLine is not null && best.Count == 0)
                {
                    Console.WriteLine(layerLine);
                }
                best[mode] = best.TryGetValue(mode, out var kept) ? Better(kept, line) : line;
            }
            var unchecked_ = RateIn(best["unchecked"]);
            Console.WriteLine(best["unchecked"]);
            foreach (var mode in new[] { "bare", "checked", "paranoid", "kernel" })
            {
                var line = best[mode];
                var rate = RateIn(line);
                var ratio = mode == "kernel" ? $"port/kernel {unchecked_ / rate:0.00}" : $"{rate / unchecked_:0.00} of unchecked";
                Console.WriteLine(double.IsNaN(rate) || double.IsNaN(unchecked_) ? line : $"{line} ({ratio})");
            }
        }
        Console.WriteLine(campaignTests > 0 ? MeasureApart(layerText, "campaign", seconds, tests, campaignTests, seed, tree, out _) : CampaignLeftOut);
        return 0;
    }

    /// <summary>Of two measurements of one mode, the faster; one that measured something over one that did not; else the first.</summary>
    internal static string Better(string first, string second)
    {
        var (a, b) = (RateIn(first), RateIn(second));
        return double.IsNaN(a) ? (double.IsNaN(b) ? first : second) : !double.IsNaN(b) && b > a ? second : first;
    }

    /// <summary>The rate in a measurement's line, as printed, or NaN when it says it measured none.</summary>
    private static double RateIn(string line)
    {
        var m = System.Text.RegularExpressions.Regex.Match(line, @": (\d+) commands/s$");
        return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
    }

    /// <summary>
    /// Runs <c>harness bench --layer --mode</c> in a new process and returns its measurement line, and the
    /// layer's line (tests and commands) it printed before it, if any.
    /// </summary>
    private static string MeasureApart(string layer, string mode, double seconds, int tests, int campaignTests, ulong seed, string? tree, out string? layerLine)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new System.Diagnostics.ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Run through the dotnet host, the process names the CLI's assembly first; as an executable, itself.
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        }
        foreach (var arg in new[] { "bench", "--layer", layer, "--mode", mode, "--seconds", seconds.ToString(CultureInfo.InvariantCulture), "--tests", tests.ToString(CultureInfo.InvariantCulture), "--campaign-tests", campaignTests.ToString(CultureInfo.InvariantCulture), "--seed", seed.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }
        if (tree is not null)
        {
            start.ArgumentList.Add("--kernel-tree");
            start.ArgumentList.Add(tree);
        }
        using var child = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start a measurement");
        var err = child.StandardError.ReadToEndAsync();
        var lines = child.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        child.WaitForExit();
        layerLine = lines.FirstOrDefault(l => l.StartsWith($"{layer}: ", StringComparison.Ordinal));
        // A mode measures one line; the campaign, two (its first run and the warm one).
        var measured = lines.Where(l => l.StartsWith("  ", StringComparison.Ordinal)).TakeLast(mode == "campaign" ? 2 : 1).ToList();
        return child.ExitCode == 0 && measured.Count > 0
            ? string.Join('\n', measured)
            : $"  {mode}: not measured: {err.Result.Trim()}";
    }
}
