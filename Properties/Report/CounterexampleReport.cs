using System.Text;
using Harness.Properties.Runner;

namespace Harness.Properties.Report;

/// <summary>
/// The printed form of a counterexample: the numbered shrunk commands with their results, the claim that
/// broke and why, the table around the page involved, and how it was found. The command line adds the
/// lines that re-run and replay it (it knows its own options; Properties does not).
/// </summary>
public static class CounterexampleReport
{
    /// <summary>Enough of the table to see the structure around the page without flooding a terminal.</summary>
    private const int MaxDumpLines = 40;

    public static string Format(Counterexample ce)
    {
        var sb = new StringBuilder();
        if (ce.ReplayedFrom is { } from)
        {
            sb.Append("Counterexample: ").Append(ce.Commands.Count).Append(" command(s), replayed from the saved trace ").Append(from).Append(" before any generation\n");
        }
        else
        {
            sb.Append("Counterexample: ").Append(ce.Commands.Count).Append(" command(s), shrunk from ").Append(ce.OriginalLength)
              .Append(" in ").Append(ce.Shrinks).Append(" shrink(s); found after ").Append(ce.TestsToFailure).Append(" test(s)\n");
        }
        sb.Append("Configuration: ").Append(ce.Config).Append('\n');
        if (ce.Execution.World.Backend.Kind != Backends.BackendKind.Port)
        {
            sb.Append("Backend: ").Append(ce.Execution.World.Backend).Append('\n');
        }
        AppendRun(sb, ce.Execution, ce.Execution.FailedAt, ce.Violation);
        if (ce.ReplayedFrom is null)
        {
            sb.Append("Seed: ").Append(ce.Options.Seed).Append(" (tests ").Append(ce.Options.MaxTests).Append(", size ").Append(ce.Options.MaxCommands).Append(")\n");
        }
        if (ce.TracePath is { } path)
        {
            sb.Append("Trace: ").Append(path).Append('\n');
        }
        if (ce.SaveError is { } error)
        {
            sb.Append("Trace: ").Append(error).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// The verdict of a checking replay of the trace at <paramref name="path"/>, showing <paramref name="last"/>:
    /// the last steps run, numbered from 1 as the trace's commands are (a long trace shows only its tail).
    /// </summary>
    public static string FormatCheck(string path, Execution x, IReadOnlyList<(long Number, Step Step)> last)
    {
        var sb = new StringBuilder();
        sb.Append("Trace: ").Append(path).Append('\n');
        sb.Append("Configuration: ").Append(x.World.Config).Append('\n');
        if (x.World.Backend.Kind != Backends.BackendKind.Port)
        {
            sb.Append("Backend: ").Append(x.World.Backend).Append('\n');
        }
        if (last.Count > 0 && last[0].Number > 1)
        {
            sb.Append("  ... ").Append(last[0].Number - 1).Append(" earlier command(s)\n");
        }
        AppendSteps(sb, x, last, x.Violation is null ? -1 : x.Count, x.Violation);
        if (x.Violation is null)
        {
            sb.Append("Every postcondition and invariant held after each of the ").Append(x.Count).Append(" command(s).\n");
        }
        return sb.ToString();
    }

    /// <summary>The numbered steps with their results, the broken claim after step <paramref name="failedAt"/> (0-based), and the table around its page.</summary>
    internal static void AppendRun(StringBuilder sb, Execution x, int failedAt, Violation? violation) =>
        AppendSteps(sb, x, [.. x.Steps.Select((s, i) => ((long)i + 1, s))], failedAt + 1, violation);

    /// <summary>Numbered steps, the one numbered <paramref name="failedNumber"/> marked, then the broken claim and the table around its page.</summary>
    private static void AppendSteps(StringBuilder sb, Execution x, IReadOnlyList<(long Number, Step Step)> steps, long failedNumber, Violation? violation)
    {
        foreach (var (number, step) in steps)
        {
            var text = $"  {number,2}. {step.Command}";
            sb.Append(text.PadRight(60)).Append(" = ").Append(ErrnoText.Name(step.Result));
            if (number == failedNumber)
            {
                sb.Append("   <-- fails here");
            }
            sb.Append('\n');
        }
        if (violation is null)
        {
            return;
        }
        sb.Append("Broken: ").Append(violation).Append('\n');
        if (violation.Page is { } page && page < x.World.Geometry.Limit)
        {
            var geo = x.World.Geometry;
            // The page's largest block, so the report shows the leaf or table the claim is about.
            var block = geo.Size(Math.Max(geo.StartLevel, 1));
            var from = page & ~(block - 1);
            sb.Append("Table around page 0x").Append(page.ToString("x")).Append(" (level, first IPA, descriptor):\n");
            var lines = Trace.CanonicalDump.Region(x.World.Memory, geo, from, from + block).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var line in lines.Take(MaxDumpLines))
            {
                sb.Append(line).Append('\n');
            }
            sb.Append(lines.Length == 0 ? "  (no descriptors: all zero)\n" : lines.Length > MaxDumpLines ? $"  ... {lines.Length - MaxDumpLines} more line(s)\n" : "");
        }
    }
}
