using System.CommandLine;
using Harness.Properties;
using Harness.Properties.Report;
using Harness.Properties.Runner;
using Harness.Properties.Text;
using Harness.Properties.Trace;

namespace Harness.Cli;

/// <summary>
/// <c>replay FILE [--dump] [--log]</c>: prints the replay output of docs/trace-format.md section 2, v5.13
/// with exactly the trace's <c>fix</c> items, on the port or the kernel backend. <c>replay FILE --check</c>
/// instead runs the trace through the model and every invariant, with the bugs its <c># bug:</c> comment
/// names, and reports the first broken claim (exit 1) or that all held (exit 0). The file is read twice,
/// line by line: first checked whole, so a malformed line is reported before any output, then run; a
/// trace of any length replays in constant memory.
/// </summary>
internal static class ReplayCommand
{
    /// <summary>The steps a checking replay prints before the verdict: the last ones, where a failure is.</summary>
    private const int StepsShown = 40;

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The trace file to replay." };
        var dump = new Option<bool>("--dump") { Description = "Print the canonical dump of the table after every command." };
        var log = new Option<bool>("--log") { Description = "Print the TLB and cache maintenance every command issued." };
        var check = new Option<bool>("--check") { Description = "Check every step against the model and the invariants (with the bugs the trace's '# bug:' comment names) instead of printing the replay output." };
        var backend = new BackendOptions();
        var command = new Command("replay", "Replay a trace file and print each command's result (docs/trace-format.md).") { file, dump, log, check };
        backend.AddTo(command);
        command.SetAction(p => backend.Parse(p, out var error) is { } choice
            ? Run(p.GetValue(file)!, p.GetValue(dump), p.GetValue(log), p.GetValue(check), choice)
            : CliError.Report(error!));
        return command;
    }

    private static int Run(string path, bool dump, bool log, bool check, Properties.Backends.BackendChoice backend)
    {
        if (check && (dump || log))
        {
            return CliError.Report("--check prints a verdict, not the replay output: use it without --dump and --log");
        }
        HarnessConfig config;
        using (var first = InputFile.Open(path, out var why))
        {
            if (first is null)
            {
                return CliError.Report($"cannot read trace file {Printable.Quote(path)}: {why}");
            }
            if (TraceParser.Validate(first, out var parsed, out _) is { } error)
            {
                return CliError.Report(error.ToString());
            }
            config = parsed!;
        }
        using var reader = InputFile.Open(path, out var again);
        if (reader is null)
        {
            return CliError.Report($"cannot read trace file {Printable.Quote(path)} a second time: {again}");
        }
        var commands = TraceParser.Read(reader);
        if (!check)
        {
            var stdout = Console.Out;
            if (Replayer.Replay(config, commands, stdout, dump, log, backend) is { } cannot)
            {
                return CliError.Report(cannot);
            }
            stdout.Flush();
            return 0;
        }
        var last = new Queue<(long Number, Step Step)>();
        long n = 0;
        var settings = new RunSettings
        {
            Backend = backend,
            KeepSteps = false,
            AfterStep = (step, _) =>
            {
                last.Enqueue((++n, step));
                if (last.Count > StepsShown)
                {
                    last.Dequeue();
                }
            },
        };
        if (World.Create(config, backend, checking: true, out var notBuilt) is not { } world)
        {
            return CliError.Report(notBuilt!);
        }
        var x = Execution.Run(world, commands, settings);
        using (x.World)
        {
            // The path is echoed as the report's first line: printable, so that it stays one line.
            Console.Write(CounterexampleReport.FormatCheck(Printable.Line(path), x, [.. last]));
        }
        return x.Violation is null ? 0 : 1;
    }
}
