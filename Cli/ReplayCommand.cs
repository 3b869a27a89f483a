using System.CommandLine;
using Harness.Properties.Trace;

namespace Harness.Cli;

/// <summary><c>replay FILE [--dump] [--log]</c>: prints the replay output of trace-format.md section 2.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The trace file to replay." };
        var dump = new Option<bool>("--dump") { Description = "Print the canonical dump of the table after every command." };
        var log = new Option<bool>("--log") { Description = "Print the TLB and cache maintenance every command issued." };
        var command = new Command("replay", "Replay a trace file and print each command's result (trace-format.md).") { file, dump, log };
        command.SetAction(p => Run(p.GetValue(file)!, p.GetValue(dump), p.GetValue(log)));
        return command;
    }

    private static int Run(string path, bool dump, bool log)
    {
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
        var output = Replayer.Replay(trace, dump, log);
        var stdout = Console.Out;
        stdout.Write(output);
        stdout.Flush();
        return 0;
    }
}
