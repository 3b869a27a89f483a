using System.Text;
using Harness.Properties.Runner;
using Harness.Properties.Trace;

namespace Harness.Properties.Report;

/// <summary>
/// The printed form of a fault-injection failure, laid out like <see cref="CounterexampleReport"/>: the
/// numbered commands of the failing run (prefix, <c>fail_alloc N</c>, target, retry) with their
/// results, the claim that broke, the table around the page involved, and the seed.
/// </summary>
public static class AllocationPointReport
{
    private const int MaxDumpLines = 40;

    public static string Format(FaultInjectionResult result)
    {
        var f = result.Failure ?? throw new ArgumentException("the campaign passed", nameof(result));
        var sb = new StringBuilder();
        var x = f.Execution;
        sb.Append("Fault injection counterexample: ")
          .Append(f.FailAt == 0 ? "fails without injection" : $"allocation {f.FailAt} of {f.Points} of the {f.Case.Kind} fails")
          .Append("; prefix of ").Append(f.Case.Prefix.Count).Append(" command(s), shrunk from ").Append(result.OriginalPrefixLength)
          .Append(" in ").Append(result.Shrinks).Append(" shrink(s); found after ").Append(result.CasesToFailure).Append(" case(s)\n");
        sb.Append("Configuration: ").Append(result.Config).Append('\n');
        for (var i = 0; i < x.Steps.Count; i++)
        {
            var step = x.Steps[i];
            sb.Append($"  {i + 1,2}. {step.Command}".PadRight(60)).Append(" = ").Append(ErrnoText.Name(step.Result));
            sb.Append(i == f.FailedAt ? "   <-- fails here\n" : "\n");
        }
        sb.Append("Broken: ").Append(f.Violation).Append('\n');
        if (f.Violation.Page is { } page)
        {
            var geo = x.World.Geometry;
            var block = geo.LevelSize(Math.Max(geo.StartLevel, 1));
            var from = page & ~(block - 1);
            var lines = CanonicalDump.Region(x.World, from, from + block).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            sb.Append("Table around page 0x").Append(page.ToString("x")).Append(" (level, first IPA, descriptor):\n");
            foreach (var line in lines.Take(MaxDumpLines))
            {
                sb.Append(line).Append('\n');
            }
            sb.Append(lines.Length == 0 ? "  (no descriptors: all zero)\n" : lines.Length > MaxDumpLines ? $"  ... {lines.Length - MaxDumpLines} more line(s)\n" : "");
        }
        sb.Append("Seed: ").Append(result.Options.Seed).Append(" (cases ").Append(result.Options.MaxTests)
          .Append(", prefix size ").Append(result.Options.MaxCommands).Append(")\n");
        if (result.TracePath is { } path)
        {
            sb.Append("Trace: ").Append(path).Append('\n');
            sb.Append("Replay: ").Append(CounterexampleReport.ReplayLine(path)).Append('\n');
        }
        return sb.ToString();
    }
}
