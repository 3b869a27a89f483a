using Harness.Properties.Text;

namespace Harness.Cli;

/// <summary>The one-line error report of the command line: <c>error: WHY</c> on standard error.</summary>
internal static class CliError
{
    /// <summary>Exit status for bad input (a malformed trace, a missing file, an invalid configuration).</summary>
    public const int BadInput = 2;

    /// <summary>
    /// Prints <c>error: </c> and <paramref name="why"/> made <see cref="Printable.Line"/>: whatever input it
    /// quotes, the report is one line with no control character, and a long one is cut.
    /// </summary>
    public static int Report(string why)
    {
        try
        {
            Console.Error.WriteLine($"error: {Printable.Line(why)}");
        }
        catch (Exception ex) when (ex is OutputFailedException or IOException)
        {
            // Standard error cannot be written either: the exit status is all that is left to say it.
        }
        return BadInput;
    }

    /// <summary>
    /// Why a backend could not be had or refused a configuration, from the <see cref="ArgumentException"/>
    /// that said so, without the "(Parameter ...)" .NET appends.
    /// </summary>
    public static string Reason(ArgumentException ex) => ex.Message.Split(" (Parameter")[0];

    /// <summary>
    /// A System.CommandLine parse error as one line: it quotes the offending token whole, so each token of
    /// <paramref name="args"/> that would not print as itself is shown as <see cref="Printable.Quote"/> shows
    /// it (escaped, cut when long); the message's own line breaks (AcceptOnlyFromAmong lists the choices
    /// one per line) become spaces.
    /// </summary>
    public static string ParseMessage(string message, IReadOnlyList<string> args)
    {
        foreach (var arg in args.Distinct(StringComparer.Ordinal).OrderByDescending(a => a.Length))
        {
            var quoted = Printable.Quote(arg);
            if (quoted != $"'{arg}'")
            {
                message = message.Replace($"'{arg}'", quoted, StringComparison.Ordinal);
            }
        }
        return string.Join(" ", message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()));
    }
}
