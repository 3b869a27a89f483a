using System.CommandLine;
using Harness.Properties;
using Harness.Properties.Report;
using Harness.Properties.Runner;
using Harness.Properties.Trace;

namespace Harness.Cli;

/// <summary>
/// <c>faults</c>: the fault-injection campaign (<see cref="FaultInjectionCampaign"/>) per layer: every
/// allocation of generated map, set_owner, fault and donate commands fails in turn; prints what the
/// injections reached and either "no counterexample" (exit 0) or the shrunk failure (exit 1).
/// </summary>
internal static class FaultsCommand
{
    public static Command Create()
    {
        var seed = CliOptions.Seed(42);
        var cases = new Option<int>("--cases") { Description = "Generated cases (a prefix and a target) per layer.", DefaultValueFactory = _ => 200 };
        var size = new Option<int>("--size") { Description = "Most commands in a case's prefix.", DefaultValueFactory = _ => 20 };
        var granule = CliOptions.Granule();
        var ia = CliOptions.Ia();
        var layer = CliOptions.Layer("both", "stage2", "host", "both");
        var markdown = new Option<bool>("--markdown") { Description = "Print the figures as Markdown table rows (for docs/bugs.md)." };
        var backend = new BackendOptions();
        var command = new Command("faults", "Fail every allocation of generated commands in turn and check -ENOMEM, the invariants and a retry.") { seed, cases, size, granule, ia, layer, markdown };
        backend.AddTo(command);
        command.SetAction(p => backend.Parse(p, out var error) is { } choice
            ? Run(p.GetValue(seed), p.GetValue(cases), p.GetValue(size), CliOptions.ParseGranule(p.GetValue(granule)), p.GetValue(ia), p.GetValue(layer)!, p.GetValue(markdown), choice)
            : CliError.Report(error!));
        return command;
    }

    private static int Run(ulong seed, int cases, int size, Implementation.Granule? granule, int? ia, string layerText, bool markdown, Properties.Backends.BackendChoice backend)
    {
        if (cases < 1 || size < 1)
        {
            return CliError.Report("--cases and --size must be at least 1");
        }
        if (CliOptions.SizeTooLarge(size) is { } tooLarge)
        {
            return CliError.Report(tooLarge);
        }
        if (CliOptions.Spaces(layerText, granule, ia, out var error) is not { } spaces)
        {
            return CliError.Report(error!);
        }
        if (markdown)
        {
            Console.WriteLine("| configuration | cases | kind | allocations failed | returned -ENOMEM | retry succeeded | recovered (MMIO) | nothing left to retry | left pages unmapped at EL2 |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        }
        var failed = false;
        var store = FailureStore.For(backend);
        foreach (var space in spaces)
        {
            FaultInjectionResult r;
            try
            {
                r = FaultInjectionCampaign.Run(space, new RunOptions(seed, cases, size) { Backend = backend }, store);
            }
            catch (ArgumentException ex)
            {
                // The backend could not be had (no compiler, no tree) or refused the configuration.
                return CliError.Report(CliError.Reason(ex));
            }
            if (markdown)
            {
                PrintRows(r);
            }
            else
            {
                Print(r);
            }
            if (!markdown && r.TracePath is { } path)
            {
                Console.WriteLine($"Replay: {ReportLines.Replay(path, backend)}");
            }
            failed |= !r.Passed;
        }
        return failed ? 1 : 0;
    }

    private static string[] Kinds(Layer layer) => layer == Layer.Stage2 ? ["map", "set_owner"] : ["fault", "donate"];

    private static void PrintRows(FaultInjectionResult r)
    {
        var c = r.Coverage;
        var name = r.Space.ToString();
        foreach (var kind in Kinds(r.Space.Layer))
        {
            var stranded = kind == "donate" ? c[AllocationPoints.StrandedKey] : 0;
            Console.WriteLine($"| {name} | {r.Cases} | {kind} | {c[$"{kind}: allocations failed"]} | {c[$"{kind}: returned -ENOMEM"]} | {c[$"{kind}: retry succeeded"]} | {c[$"{kind}: recovered by MMIO recycling"]} | {c[$"{kind}: nothing left to retry"]} | {stranded} |");
        }
        if (!r.Passed)
        {
            Console.WriteLine($"| {name} | FAILED: {r.Failure!.Violation.Claim} | | | | | | | |");
        }
    }

    private static void Print(FaultInjectionResult r)
    {
        Console.WriteLine($"{r.Space}: {r.Cases} case(s), seed {r.Options.Seed}");
        foreach (var (key, count) in r.Coverage.Counts)
        {
            Console.WriteLine($"  {key}: {count}");
        }
        Console.Write(r.Passed ? $"{r.Space}: no counterexample\n" : AllocationPointReport.Format(r));
    }
}
