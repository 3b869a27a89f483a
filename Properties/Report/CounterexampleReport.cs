using System.Text;
using Harness.Properties.Runner;
using Harness.Properties.Trace;

namespace Harness.Properties.Report;

/// <summary>
/// The printed form of a counterexample: the numbered shrunk commands with their results, the claim
/// that broke and why, the table around the page involved, how it was found, its trace file and the
/// lines that replay it.
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
        AppendRun(sb, ce.Execution, ce.Execution.FailedAt, ce.Violation);
        if (ce.ReplayedFrom is null)
        {
            sb.Append("Seed: ").Append(ce.Options.Seed).Append(" (tests ").Append(ce.Options.MaxTests).Append(", size ").Append(ce.Options.MaxCommands).Append(")\n");
            sb.Append("Re-run: ").Append(CampaignLine(ce)).Append('\n');
        }
        if (ce.TracePath is { } path)
        {
            sb.Append("Trace: ").Append(path).Append('\n');
            sb.Append("Replay: ").Append(ReplayLine(path)).Append('\n');
            sb.Append("Keep it as a regression: ").Append(PromoteHint(path)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The verdict of a checking replay of the trace at <paramref name="path"/>.</summary>
    public static string FormatCheck(string path, Execution x)
    {
        var sb = new StringBuilder();
        sb.Append("Trace: ").Append(path).Append('\n');
        sb.Append("Configuration: ").Append(x.World.Config).Append('\n');
        AppendRun(sb, x, x.FailedAt, x.Violation);
        if (x.Violation is null)
        {
            sb.Append("Every postcondition and invariant held after each of the ").Append(x.Steps.Count).Append(" command(s).\n");
        }
        return sb.ToString();
    }

    /// <summary>The CLI line that re-runs the campaign with the same seed and finds the same counterexample.</summary>
    public static string CampaignLine(Counterexample ce)
    {
        var c = ce.Config;
        var line = $"dotnet run --project Cli -- campaign --layer {c.Layer.ToString().ToLowerInvariant()} --granule {GranuleText.Format(c.Granule)} --ia {c.IaBits} --seed {ce.Options.Seed} --tests {ce.Options.MaxTests} --size {ce.Options.MaxCommands}";
        return c.Bugs == Implementation.Bug.None ? line : line + $" --bug {c.Bugs}";
    }

    /// <summary>The CLI line that replays a trace with every check (and the bugs its <c># bug:</c> comment names).</summary>
    public static string ReplayLine(string path) => $"dotnet run --project Cli -- replay {path} --check";

    /// <summary>How to move a saved trace into the regression corpus that <c>dotnet test</c> replays.</summary>
    public static string PromoteHint(string path) =>
        $"cp {path} tests/regressions/NAME.trace, say in a comment what it pins, run dotnet test once to create its approved replay output, review both and commit them";

    /// <summary>The numbered steps with their results, the broken claim after step <paramref name="failedAt"/> (0-based), and the table around its page.</summary>
    internal static void AppendRun(StringBuilder sb, Execution x, int failedAt, Violation? violation)
    {
        for (var i = 0; i < x.Steps.Count; i++)
        {
            var step = x.Steps[i];
            var text = $"  {i + 1,2}. {step.Command}";
            sb.Append(text.PadRight(60)).Append(" = ").Append(ErrnoText.Name(step.Result));
            if (i == failedAt)
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
        if (violation.Page is { } page)
        {
            var geo = x.World.Geometry;
            var block = geo.LevelSize(Math.Max(geo.StartLevel, 1));
            var from = page & ~(block - 1);
            sb.Append("Table around page 0x").Append(page.ToString("x")).Append(" (level, first IPA, descriptor):\n");
            var lines = CanonicalDump.Region(x.World, from, from + block).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var line in lines.Take(MaxDumpLines))
            {
                sb.Append(line).Append('\n');
            }
            sb.Append(lines.Length == 0 ? "  (no descriptors: all zero)\n" : lines.Length > MaxDumpLines ? $"  ... {lines.Length - MaxDumpLines} more line(s)\n" : "");
        }
    }
}
