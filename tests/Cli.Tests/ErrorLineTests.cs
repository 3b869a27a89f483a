namespace Harness.Cli.Tests;

/// <summary>Every <c>error:</c> line is one clean line, whatever the input it echoes.</summary>
public sealed class ErrorLineTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    // A file name with an ANSI colour and a newline: shown escaped, on one line.
    [Fact]
    public void FileName_WithEscapeAndNewline_Escaped()
    {
        var (exit, output, err) = _cli.Run("replay", "a\u001b[31mb\nc.trace");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith(@"error: cannot read trace file 'a\x1b[31mb\nc.trace': ", err);
        CliAssert.OneCleanErrorLine(err);
    }

    // A bug name that would set the terminal's title and move the cursor.
    [Fact]
    public void BugName_WithOscAndCr_Escaped()
    {
        var (exit, _, err) = _cli.Run("campaign", "--bug", "\u001b]0;pwned\u0007\rNope");
        Assert.Equal(2, exit);
        Assert.StartsWith(@"error: unknown bug '\x1b]0;pwned\x07\rNope'; use one of ", err);
        CliAssert.OneCleanErrorLine(err);
    }

    // An option value with bidi overrides and a line separator, refused by System.CommandLine itself.
    [Fact]
    public void ParseError_HiddenCharacters_Escaped()
    {
        var (exit, _, err) = _cli.Run("--granule", "\u202e4k\u2028");
        Assert.Equal(2, exit);
        Assert.Equal(@"error: Argument '\u202e4k\u2028' not recognized. Must be one of: '4k' '16k' '64k' (see --help)" + "\n", err);
    }

    // A 100,000-character unknown argument (about the most one argument can hold): its start and its length, not all of it.
    [Fact]
    public void ParseError_LongToken_Cut()
    {
        var (exit, _, err) = _cli.Run(new string('x', 100_000));
        Assert.Equal(2, exit);
        Assert.Equal($"error: Unrecognized command or argument '{new string('x', 40)}...' (100000 characters). (see --help)\n", err);
    }

    // A trace with a 10 MB token: the parser's message quotes it whole, the error line is cut and says how long it was.
    [Fact]
    public void TraceError_TenMegabyteToken_LineCut()
    {
        var path = _cli.Write("big.trace", "harness-trace 1\nunmap " + new string('9', 10_000_000) + "z 1\n");
        var (exit, _, err) = _cli.Run("replay", path);
        Assert.Equal(2, exit);
        CliAssert.OneCleanErrorLine(err);
        Assert.Equal("error: line 2: the line is longer than 4096 characters; a trace item is a few short fields\n", err);
        Assert.True(err.Length < 1100, $"{err.Length} characters");
    }

    // A trace whose bad token holds an escape sequence: the parser's message is escaped on the way out.
    [Fact]
    public void TraceError_EscapeInToken_Escaped()
    {
        var path = _cli.Write("esc.trace", "harness-trace 1\nunmap 0x\u001b[2J 1\n");
        var (exit, _, err) = _cli.Run("replay", path);
        Assert.Equal(2, exit);
        Assert.Equal(@"error: line 2: '0x\x1b[2J' is not a number: use decimal or 0x hexadecimal, unsigned 64-bit" + "\n", err);
    }
}
