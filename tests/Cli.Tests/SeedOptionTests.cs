namespace Harness.Cli.Tests;

/// <summary><c>--seed</c>, on every command that takes it: a trace number, decimal or <c>0x</c> hexadecimal.</summary>
public sealed class SeedOptionTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    // 0x10 is the seed 16: the same trace, header included (it gives the seed in decimal).
    [Fact]
    public void Trace_HexSeed_SameAsDecimal()
    {
        var (exit, hex, err) = _cli.Run("trace", "--seed", "0x10", "--steps", "4");
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.Equal(_cli.Run("trace", "--seed", "16", "--steps", "4").Out, hex);
    }

    [Fact]
    public void Campaign_HexSeed_Accepted()
    {
        var (exit, output, _) = _cli.Run("campaign", "--layer", "host", "--tests", "2", "--seed", "0xffffffffffffffff");
        Assert.Equal(0, exit);
        Assert.StartsWith("seed 18446744073709551615, 2 tests", output);
    }

    [Fact]
    public void Faults_HexSeed_Accepted()
    {
        var (exit, output, _) = _cli.Run("faults", "--layer", "stage2", "--cases", "2", "--size", "2", "--seed", "0x2a");
        Assert.Equal(0, exit);
        Assert.Contains(": 2 case(s), seed 42\n", output);
    }

    // Anything else is one line naming the option and the token.
    [Theory]
    [InlineData("'0x'", "--seed", "0x")]
    [InlineData("'0xZZ'", "campaign", "--seed", "0xZZ")]
    [InlineData("'-1'", "trace", "--seed", "-1")]
    [InlineData("'1.5'", "faults", "--seed", "1.5")]
    [InlineData("'18446744073709551616'", "--seed", "18446744073709551616")]
    [InlineData("'0X10'", "--seed", "0X10")]
    public void BadSeed_OneLineError_Exit2(string shown, params string[] args)
    {
        var (exit, output, err) = _cli.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"error: --seed must be decimal or 0x hexadecimal, unsigned 64-bit, not {shown} (see --help)\n", err);
    }
}
