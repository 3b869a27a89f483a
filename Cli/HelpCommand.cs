using System.CommandLine;

namespace Harness.Cli;

/// <summary>
/// <c>help [COMMAND]</c>: the help that <c>--help</c> prints, for the command line or for one command,
/// for those who type <c>harness help campaign</c> as many tools allow.
/// </summary>
internal static class HelpCommand
{
    public static Command Create(RootCommand root)
    {
        var name = new Argument<string?>("COMMAND") { Description = "The command to describe; without it, the command line.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("help", "Show help for the command line or for one command, as --help does.") { name };
        command.SetAction(p => Run(root, p.GetValue(name)));
        return command;
    }

    private static int Run(RootCommand root, string? name)
    {
        if (name is null)
        {
            return root.Parse(["--help"]).Invoke(Quiet);
        }
        if (root.Subcommands.FirstOrDefault(c => c.Name == name) is not { } command)
        {
            return CliError.Report($"unknown command {Properties.Text.Printable.Quote(name)}; use one of {string.Join(", ", root.Subcommands.Select(c => c.Name))}");
        }
        return root.Parse([command.Name, "--help"]).Invoke(Quiet);
    }

    /// <summary>
    /// As <see cref="Program"/> invokes: output that cannot be written is its one-line error, never a stack
    /// trace. Made at each call: a configuration takes the console's writers as they are when it is made.
    /// </summary>
    private static InvocationConfiguration Quiet => new() { EnableDefaultExceptionHandler = false };
}
