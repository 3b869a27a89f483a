using System.Text;
using Harness.Properties.Runner;

namespace Harness.Properties.Report;

/// <summary>
/// The printed form of a fault-injection failure, laid out like <see cref="CounterexampleReport"/>: the
/// numbered commands of the failing run (prefix, <c>fail_alloc N</c>, target, retry) with their results,
/// the claim that broke, the table around the page involved, and the seed.
/// </summary>
public static class AllocationPointReport
{
    public static string Format(FaultInjectionResult result)
    {
        var f = result.Failure ?? throw new ArgumentException("the campaign passed", nameof(result));
        var sb = new StringBuilder();
        sb.Append("Fault injection counterexample: ")
          .Append(f.FailAt == 0 ? "fails without injection" : $"allocation {f.FailAt} of {f.Points} of the {f.Case.Kind} fails")
          .Append("; prefix of ").Append(f.Case.Prefix.Count).Append(" command(s), shrunk from ").Append(result.OriginalPrefixLength)
          .Append(" in ").Append(result.Shrinks).Append(" shrink(s); found after ").Append(result.CasesToFailure).Append(" case(s)\n");
        sb.Append("Configuration: ").Append(f.Case.Config).Append('\n');
        CounterexampleReport.AppendRun(sb, f.Execution, f.FailedAt, f.Violation);
        sb.Append("Seed: ").Append(result.Options.Seed).Append(" (cases ").Append(result.Options.MaxTests)
          .Append(", prefix size ").Append(result.Options.MaxCommands).Append(")\n");
        if (result.TracePath is { } path)
        {
            sb.Append("Trace: ").Append(path).Append('\n');
        }
        if (result.SaveError is { } error)
        {
            sb.Append("Trace: ").Append(error).Append('\n');
        }
        return sb.ToString();
    }
}
