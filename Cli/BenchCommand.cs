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
/// paranoid), and unchecked on the kernel backend; it prints each rate in commands per second and the ratios the targets are
/// stated in. The BenchmarkDotNet suite in <c>bench/</c> measures the same workloads more carefully.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { Description = "Least time spent on each measurement.", DefaultValueFactory = _ => 2 };
        var tests = new Option<int>("--tests") { Description = "Tests in each layer's workload: as many as a campaign without options runs.", DefaultValueFactory = _ => CampaignCommand.DefaultTests };
        var seed = CliOptions.Seed(CampaignCommand.DefaultSeed);
        var tree = BackendOptions.Tree();
        var command = new Command("bench", "Measure commands per second, checked and unchecked, on the port and on the kernel backend.") { seconds, tests, seed, tree };
        command.SetAction(p => Run(p.GetValue(seconds), p.GetValue(tests), p.GetValue(seed), p.GetValue(tree)));
        return command;
    }

    private static int Run(double seconds, int tests, ulong seed, string? tree)
    {
        if (!(seconds is > 0 and <= 600) || tests < 1)
        {
            return CliError.Report("--seconds must be above 0 and at most 600, and --tests at least 1");
        }
        var atLeast = TimeSpan.FromSeconds(seconds);
        var kernel = new BackendChoice(BackendKind.Kernel, tree);
        Console.WriteLine($"harness bench: the default campaign's tests (seed {seed}, {tests} tests of up to 60 commands per layer), generation excluded; best of runs over {seconds.ToString(CultureInfo.InvariantCulture)} s; {Environment.ProcessorCount} core(s), one used");
        foreach (var layer in new[] { Layer.Stage2, Layer.Host })
        {
            var workload = Workload.Of(ConfigSpace.Swarm(layer), new RunOptions(seed, tests));
            Console.WriteLine($"{layer.ToString().ToLowerInvariant()}: {workload.Cases.Count} tests, {workload.Commands} commands");
            var unchecked_ = workload.Rate(new RunSettings { Checked = false }, atLeast);
            Line("unchecked, port", unchecked_);
            // The oracle without its claims (shadow, model, postconditions, sweeps of memory): what the claims add is the rest.
            var bare = workload.Rate(new RunSettings { Only = [] }, atLeast);
            Line("checked without the claims (shadow, model, postconditions), port", bare, $"{bare / unchecked_:0.00} of unchecked");
            var check = workload.Rate(new RunSettings(), atLeast);
            Line($"checked, sweep every {RunSettings.DefaultFullCheckEvery}, port", check, $"{check / unchecked_:0.00} of unchecked");
            var paranoid = workload.Rate(new RunSettings { Paranoid = true }, atLeast);
            Line("checked, paranoid (sweep after every command), port", paranoid, $"{paranoid / unchecked_:0.00} of unchecked");
            try
            {
                var k = workload.Rate(new RunSettings { Checked = false, Backend = kernel }, atLeast);
                Line("unchecked, kernel backend", k, $"port/kernel {unchecked_ / k:0.00}");
            }
            catch (ArgumentException ex)
            {
                Console.WriteLine($"  unchecked, kernel backend: not measured: {CliError.Reason(ex)}");
            }
        }
        return 0;
    }

    private static void Line(string what, double rate, string? ratio = null) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what}: {rate:0} commands/s{(ratio is null ? "" : $" ({ratio})")}"));
}
