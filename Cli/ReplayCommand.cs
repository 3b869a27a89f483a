using System.CommandLine;
using Harness.Properties.Report;
using Harness.Properties.Runner;
using Harness.Properties.Trace;

namespace Harness.Cli;

/// <summary>
/// <c>replay FILE [--dump] [--log]</c>: prints the replay output of trace-format.md section 2 (the spec's
/// behaviour: no deliberate bugs). <c>replay FILE --check</c> instead runs the trace through the model and
/// every invariant, with the bugs its <c># bug:</c> comment names, and reports the first broken claim
/// (exit 1) or that all held (exit 0).
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The trace file to replay." };
        var dump = new Option<bool>("--dump") { Description = "Print the canonical dump of the table after every command." };
        var log = new Option<bool>("--log") { Description = "Print the TLB and cache maintenance every command issued." };
        var check = new Option<bool>("--check") { Description = "Check every step against the model and the invariants (with the bugs the trace's '# bug:' comment names) instead of printing the replay output." };
        var command = new Command("replay", "Replay a trace file and print each command's result (trace-format.md).") { file, dump, log, check };
        command.SetAction(p => Run(p.GetValue(file)!, p.GetValue(dump), p.GetValue(log), p.GetValue(check)));
        return command;
    }

    private static int Run(string path, bool dump, bool log, bool check)
    {
        if (check && (dump || log))
        {
            return CliError.Report("--check prints a verdict, not the replay output: use it without --dump and --log");
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return CliError.Report($"cannot read trace file '{path}': {ex.Message}");
        }
        if (TraceParser.Parse(text, out var error) is not { } trace)
        {
            return CliError.Report(error!.ToString());
        }
        if (check)
        {
            var x = Execution.Run(trace.Config, trace.Commands);
            Console.Write(CounterexampleReport.FormatCheck(path, x));
            return x.Violation is null ? 0 : 1;
        }
        var output = Replayer.Replay(trace, dump, log);
        var stdout = Console.Out;
        stdout.Write(output);
        stdout.Flush();
        return 0;
    }
}
