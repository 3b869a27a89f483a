using Harness.Implementation;
using Harness.Properties.Runner;

namespace Harness.Properties.Trace;

/// <summary>
/// A shrunk counterexample as a trace file: comments saying how it was found and what broke (and which
/// deliberate bugs were on), then the configuration and the commands.
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
            header.Add($"found with deliberate bug(s) on: {BugCatalogue.Describe(ce.Config.Bugs)}");
        }
        return TraceWriter.Write(TraceFile.Of(ce.Config, ce.Commands), header);
    }
}
