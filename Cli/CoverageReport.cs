using System.Globalization;
using Harness.Properties.Runner;
using Harness.Properties.Trace;

namespace Harness.Cli;

/// <summary>
/// A campaign's coverage as the command line prints it: the labels and their counts, the ones expected
/// but not reached, the health of the generators (the share of commands answered with an error, per
/// kind, with a warning where most were), and on request each label's smallest example.
/// </summary>
internal static class CoverageReport
{
    public static void Print(CampaignResult result, ConfigSpace space, bool examples)
    {
        var c = result.Coverage;
        Console.WriteLine($"{space}: coverage");
        foreach (var (key, count) in c.Counts)
        {
            Console.WriteLine($"  {key}: {count}");
        }
        var missing = c.Missing(c.Expected(space.Layer, result.Geometries)).ToList();
        if (missing.Count > 0)
        {
            Console.WriteLine($"  not reached: {string.Join(", ", missing)}");
        }
        var total = c.Kinds.Values.Sum(k => k.Total);
        var errors = c.Kinds.Values.Sum(k => k.Errors);
        if (total > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{space}: health: {100.0 * errors / total:0}% of {total} commands answered with an error, {c.RefusedByPrecondition} refused by a precondition"));
            foreach (var (kind, (t, e)) in c.Kinds.Where(k => k.Value.Total >= 20 && k.Value.Errors * 2 > k.Value.Total))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  warning: {100.0 * e / t:0}% of {t} {kind} commands were answered with an error: most of its cases are refusals"));
            }
        }
        if (!examples)
        {
            return;
        }
        foreach (var (label, (config, commands)) in c.Examples.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"example of '{label}' ({commands.Length} command(s), {config}):");
            foreach (var cmd in commands)
            {
                Console.Write("    ");
                TraceWriter.WriteCommand(Console.Out, cmd);
            }
        }
    }
}
