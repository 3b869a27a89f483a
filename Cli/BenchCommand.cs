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
/// second and the ratios the targets are stated in. The BenchmarkDotNet suite in <c>bench/</c> measures the same workloads
/// more carefully.
/// </summary>
internal static class BenchCommand
{
    /// <summary>The workload is kept in memory to be run again and again: 50,000 tests are about 750,000 commands.</summary>
    private const int MaxTests = 50_000;

    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { Description = "Least time spent on each measurement.", DefaultValueFactory = _ => 2 };
        var tests = new Option<int>("--tests") { Description = $"Tests in each layer's workload (1 to {MaxTests}): as many as a campaign without options runs.", DefaultValueFactory = _ => CampaignCommand.DefaultTests };
        var seed = CliOptions.Seed(CampaignCommand.DefaultSeed);
        var tree = BackendOptions.Tree();
        var layer = CliOptions.Layer("both", "stage2", "host", "both");
        var mode = new Option<string>("--mode") { Description = "Measure one mode only (for a profiler): unchecked, bare (checked without the claims), checked, paranoid, kernel; all when not given.", DefaultValueFactory = _ => "all" }
            .AcceptOnlyFromAmong("all", "unchecked", "bare", "checked", "paranoid", "kernel");
        var command = new Command("bench", "Measure commands per second, checked and unchecked, on the port and on the kernel backend.") { seconds, tests, seed, tree, layer, mode };
        command.SetAction(p => Run(p.GetValue(seconds), p.GetValue(tests), p.GetValue(seed), p.GetValue(tree), p.GetValue(layer)!, p.GetValue(mode)!));
        return command;
    }

    private static int Run(double seconds, int tests, ulong seed, string? tree, string layerText, string mode)
    {
        if (!(seconds is > 0 and <= 600) || tests is < 1 or > MaxTests)
        {
            return CliError.Report($"--seconds must be above 0 and at most 600, and --tests 1 to {MaxTests}");
        }
        var atLeast = TimeSpan.FromSeconds(seconds);
        var kernel = new BackendChoice(BackendKind.Kernel, tree);
        Console.WriteLine($"harness bench: the default campaign's tests (seed {seed}, {tests} tests of up to 60 commands per layer), generation excluded; best of runs over {seconds.ToString(CultureInfo.InvariantCulture)} s; {Environment.ProcessorCount} core(s), one used{(mode == "all" ? ", each mode in a process of its own" : "")}");
        if (mode == "all")
        {
            return RunEachModeApart(seconds, tests, seed, tree, layerText);
        }
        foreach (var layer in CliOptions.Layers(layerText))
        {
            var workload = Workload.Of(ConfigSpace.Swarm(layer), new RunOptions(seed, tests));
            Console.WriteLine($"{layer.ToString().ToLowerInvariant()}: {workload.Cases.Count} tests, {workload.Commands} commands");
            // Ratios need the unchecked rate, so it is measured whenever more than one mode is.
            var unchecked_ = mode is "all" or "unchecked" ? workload.Rate(new RunSettings { Checked = false }, atLeast) : double.NaN;
            if (!double.IsNaN(unchecked_))
            {
                Line("unchecked, port", unchecked_);
            }
            if (mode is "all" or "bare")
            {
                // The oracle without its claims (shadow, model, postconditions, sweeps of memory): what the claims add is the rest.
                var bare = workload.Rate(new RunSettings { Only = [] }, atLeast);
                Line("checked without the claims (shadow, model, postconditions), port", bare, Ratio(bare, unchecked_));
            }
            if (mode is "all" or "checked")
            {
                var check = workload.Rate(new RunSettings(), atLeast);
                Line($"checked, sweep every {RunSettings.DefaultFullCheckEvery}, port", check, Ratio(check, unchecked_));
            }
            if (mode is "all" or "paranoid")
            {
                var paranoid = workload.Rate(new RunSettings { Paranoid = true }, atLeast);
                Line("checked, paranoid (sweep after every command), port", paranoid, Ratio(paranoid, unchecked_));
            }
            if (mode is not ("all" or "kernel"))
            {
                continue;
            }
            try
            {
                var k = workload.Rate(new RunSettings { Checked = false, Backend = kernel }, atLeast);
                Line("unchecked, kernel backend", k, double.IsNaN(unchecked_) ? null : $"port/kernel {unchecked_ / k:0.00}");
            }
            catch (ArgumentException ex)
            {
                Console.WriteLine($"  unchecked, kernel backend: not measured: {CliError.Reason(ex)}");
            }
        }
        return 0;
    }

    /// <summary>
    /// Every mode of each layer, each measured by a <c>harness bench --mode</c> of its own. In one process
    /// the runtime compiles the code the modes share (the world's event dispatch, the walker) with the
    /// profile of the modes run first, which cost the checked modes 5-15% (docs/performance.md): a campaign
    /// or a replay runs one mode per process, and so does each measurement here.
    /// </summary>
    private static int RunEachModeApart(double seconds, int tests, ulong seed, string? tree, string layerText)
    {
        foreach (var layer in CliOptions.Layers(layerText))
        {
            var name = layer.ToString().ToLowerInvariant();
            string Measure(string mode) => MeasureApart(name, mode, seconds, tests, seed, tree);
            var unchecked_ = Rate(Measure("unchecked"), out var line);
            Console.WriteLine(line);
            foreach (var mode in new[] { "bare", "checked", "paranoid" })
            {
                var rate = Rate(Measure(mode), out line);
                Console.WriteLine(double.IsNaN(rate) || double.IsNaN(unchecked_) ? line : $"{line} ({Ratio(rate, unchecked_)})");
            }
            var kernel = Rate(Measure("kernel"), out line);
            Console.WriteLine(double.IsNaN(kernel) || double.IsNaN(unchecked_) ? line : string.Create(CultureInfo.InvariantCulture, $"{line} (port/kernel {unchecked_ / kernel:0.00})"));
        }
        return 0;
    }

    /// <summary>The rate in a measurement's line (<paramref name="line"/>, as printed), or NaN when it says it measured none.</summary>
    private static double Rate(string line, out string shown)
    {
        shown = line;
        var m = System.Text.RegularExpressions.Regex.Match(line, @": (\d+) commands/s$");
        return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
    }

    /// <summary>
    /// Runs <c>harness bench --layer --mode</c> in a new process and returns its measurement line; the
    /// layer's line (tests and commands) it prints is passed on once, before the first measurement.
    /// </summary>
    private static string MeasureApart(string layer, string mode, double seconds, int tests, ulong seed, string? tree)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new System.Diagnostics.ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Run through the dotnet host, the process names the CLI's assembly first; as an executable, itself.
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        }
        foreach (var arg in new[] { "bench", "--layer", layer, "--mode", mode, "--seconds", seconds.ToString(CultureInfo.InvariantCulture), "--tests", tests.ToString(CultureInfo.InvariantCulture), "--seed", seed.ToString(CultureInfo.InvariantCulture) })
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
        if (mode == "unchecked" && lines.FirstOrDefault(l => l.StartsWith($"{layer}: ", StringComparison.Ordinal)) is { } layerLine)
        {
            Console.WriteLine(layerLine);
        }
        return child.ExitCode == 0 && lines.LastOrDefault(l => l.StartsWith("  ", StringComparison.Ordinal)) is { } measured
            ? measured
            : $"  {mode}: not measured: {err.Result.Trim()}";
    }

    private static string? Ratio(double rate, double unchecked_) => double.IsNaN(unchecked_) ? null : $"{rate / unchecked_:0.00} of unchecked";

    private static void Line(string what, double rate, string? ratio = null) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what}: {rate:0} commands/s{(ratio is null ? "" : $" ({ratio})")}"));
}
