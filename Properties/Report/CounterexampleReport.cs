using System.Text;
using Harness.Properties.Runner;
using Harness.Properties.Trace;

namespace Harness.Properties.Report;

/// <summary>
/// The printed form of a counterexample: the numbered shrunk commands with their results, the claim
/// that broke and why, the table around the page involved, the seed, and the line that replays it.
/// </summary>
public static class CounterexampleReport
{
    /// <summary>Enough of the table to see the structure around the page without flooding a terminal.</summary>
    private const int MaxDumpLines = 40;

    public static string Format(Counterexample ce)
    {
        var sb = new StringBuilder();
        var x = ce.Execution;
        sb.Append("Counterexample: ").Append(ce.Commands.Count).Append(" command(s), shrunk from ").Append(ce.OriginalLength)
          .Append(" in ").Append(ce.Shrinks).Append(" shrink(s); found after ").Append(ce.TestsToFailure).Append(" test(s)\n");
        sb.Append("Configuration: ").Append(ce.Config).Append('\n');
        for (var i = 0; i < x.Steps.Count; i++)
        {
            var step = x.Steps[i];
            var text = $"  {i + 1,2}. {step.Command}";
            sb.Append(text.PadRight(60)).Append(" = ").Append(ErrnoText.Name(step.Result));
            if (i == x.FailedAt)
            {
                sb.Append("   <-- fails here");
            }
            sb.Append('\n');
        }
        sb.Append("Broken: ").Append(ce.Violation).Append('\n');
        if (ce.Violation.Page is { } page)
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
        sb.Append("Seed: ").Append(ce.Options.Seed).Append(" (tests ").Append(ce.Options.MaxTests).Append(", size ").Append(ce.Options.MaxCommands).Append(")\n");
        sb.Append("Replay: ").Append(ReplayLine(ce)).Append('\n');
        return sb.ToString();
    }

    /// <summary>The CLI line that re-runs the campaign with the same seed and finds the same counterexample.</summary>
    public static string ReplayLine(Counterexample ce)
    {
        var c = ce.Config;
        var line = $"dotnet run --project Cli -- campaign --layer {c.Layer.ToString().ToLowerInvariant()} --granule {GranuleText.Format(c.Granule)} --ia {c.IaBits} --seed {ce.Options.Seed} --tests {ce.Options.MaxTests} --size {ce.Options.MaxCommands}";
        return c.Bugs == Implementation.Bug.None ? line : line + $" --bug {c.Bugs}";
    }
}
