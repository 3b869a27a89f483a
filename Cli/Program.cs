using System.CommandLine;
using Harness.Properties.Text;
using Spectre.Console;

namespace Harness.Cli;

/// <summary>
/// The entry point: wires the commands (each lives in its own file) and sets how a run ends. Every run ends with 0 (all held), 1
/// (a counterexample) or 2 (bad input, or output that cannot be written), each failure reported in one
/// line; 70 is kept for a bug in Harness itself, reported in one line too, never as a stack trace.
/// </summary>
internal static class Program
{
    /// <summary>Exit status for an unexpected exception: a bug in Harness (sysexits' EX_SOFTWARE).</summary>
    public const int InternalError = 70;

    public static int Main(string[] args)
    {
        if (Streams.RedirectedStandardOutput() is { } stdout)
        {
            Console.SetOut(stdout);
        }
        return Run(args);
    }

    /// <summary>
    /// Runs the command line <paramref name="args"/> with standard output and error as they are at the call
    /// (tests replace them), and puts them back afterwards.
    /// </summary>
    internal static int Run(string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetOut(new OutputGuard(stdout));
        Console.SetError(new OutputGuard(stderr));
        try
        {
            return Invoke(args);
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    private static int Invoke(string[] args)
    {
        try
        {
            AnsiConsole.Console = Streams.SpectreConsole();
            var root = CampaignCommand.Configure(new RootCommand("Harness: model-based property testing of the arm64 pKVM host stage-2 page table."));
            root.Subcommands.Add(CampaignCommand.Create());
            root.Subcommands.Add(ReplayCommand.Create());
            root.Subcommands.Add(TraceCommand.Create());
            root.Subcommands.Add(BugsCommand.Create());
            root.Subcommands.Add(FaultsCommand.Create());
            root.Subcommands.Add(DiffCommand.Create());
            root.Subcommands.Add(SoakCommand.Create());
            root.Subcommands.Add(BenchCommand.Create());
            root.Subcommands.Add(HelpCommand.Create(root));

            // No response files: '@name' is an ordinary argument (a trace file may be called that).
            var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parsed.Errors.Count > 0)
            {
                return CliError.Report($"{CliError.ParseMessage(parsed.Errors[0].Message, args)} (see --help)");
            }
            var exit = parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
            Console.Out.Flush();
            return exit;
        }
        catch (OutputFailedException ex)
        {
            return CliError.Report($"cannot write output: {ex.Message}");
        }
        catch (InputFailedException ex)
        {
            return CliError.Report($"cannot read trace file {Printable.Quote(ex.Path)}: {ex.Message}");
        }
        catch (Exception ex)
        {
            CliError.Report($"internal error in Harness ({ex.GetType().Name}: {ex.Message}); please report it with the command line used");
            return InternalError;
        }
    }
}
