using Harness.Implementation;
using Harness.Properties.Runner;

namespace Harness.Properties.Trace;

/// <summary>
/// A shrunk counterexample as a trace file: comments saying how it was found and what broke (and which
/// deliberate bugs were on), then the configuration (fix items included) and the commands.
/// </summary>
public static class CounterexampleTrace
{
    public static string Text(Counterexample ce)
    {
        var o = ce.Options;
        var header = new List<string>
        {
            $"shrunk counterexample: seed {o.Seed}, {o.MaxTests} tests of up to {o.MaxCommands} commands, {ce.Commands.Count} command(s)",
            $"broken: {ce.Violation.ToString().Split('\n')[0]}",
        };
        if (ce.Config.Bugs != Bug.None)
        {
            header.Add($"found with deliberate bug(s) on: {BugTable.Describe(ce.Config.Bugs)}");
        }
        return TraceWriter.Write(TraceFile.Of(ce.Config, ce.Commands), header);
    }

    /// <summary>
    /// A fault-injection failure: the run that shows it (prefix, <c>fail_alloc N</c>, target, and the retry
    /// when it got that far). A claim of the fault-injection property itself (the -ENOMEM, the retry) is
    /// judged by <c>harness faults</c>; <c>replay --check</c> shows the steps and judges the rest.
    /// </summary>
    public static string Text(FaultInjectionResult result)
    {
        var f = result.Failure ?? throw new ArgumentException("the campaign passed", nameof(result));
        var o = result.Options;
        var header = new List<string>
        {
            $"fault-injection counterexample: seed {o.Seed}, {o.MaxTests} cases, prefix size {o.MaxCommands}; allocation {f.FailAt} of {f.Points} of the {f.Case.Target.Kind.Name} fails",
            $"broken after command {f.FailedAt + 1}: {f.Violation.ToString().Split('\n')[0]}",
        };
        if (result.Config.Bugs != Bug.None)
        {
            header.Add($"found with deliberate bug(s) on: {BugTable.Describe(result.Config.Bugs)}");
        }
        return TraceWriter.Write(TraceFile.Of(result.Config, [.. f.Execution.Steps.Select(s => s.Command)]), header);
    }
}
