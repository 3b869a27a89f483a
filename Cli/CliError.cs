namespace Harness.Cli;

/// <summary>The one-line error report of the command line: <c>error: WHY</c> on standard error.</summary>
internal static class CliError
{
    /// <summary>Exit status for bad input (a malformed trace, a missing file, an invalid configuration).</summary>
    public const int BadInput = 2;

    public static int Report(string why)
    {
        Console.Error.WriteLine($"error: {why}");
        return BadInput;
    }
}
