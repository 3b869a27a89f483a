using System.CommandLine;
using Harness.Cli;

// Wiring only: each command lives in its own file. Parse errors become one line on stderr (exit 2),
// and an unexpected exception is reported in one line too, never as a stack trace.
var root = CampaignCommand.Configure(new RootCommand("Harness: model-based property testing of the arm64 pKVM host stage-2 page table."));
root.Subcommands.Add(CampaignCommand.Create());
root.Subcommands.Add(ReplayCommand.Create());
root.Subcommands.Add(TraceCommand.Create());
root.Subcommands.Add(BugsCommand.Create());
root.Subcommands.Add(FaultsCommand.Create());

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // One line: some messages (AcceptOnlyFromAmong) list the choices on separate lines.
    var message = string.Join(" ", parsed.Errors[0].Message.Split(["\r", "\n", "\t"], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()));
    return CliError.Report($"{message} (see --help)");
}
try
{
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex)
{
    Console.Error.WriteLine($"error: internal error in Harness ({ex.GetType().Name}: {ex.Message}); please report it with the command line used");
    return 70;
}
