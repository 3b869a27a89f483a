namespace Harness.Cli.Tests;

/// <summary><c>harness soak</c>: progress lines with throughput, coverage and memory, and the closing memory line.</summary>
public sealed class SoakCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void ShortRun_ProgressLinesAndMemory_Exit0()
    {
        var (exit, output, err) = _cli.Run("soak", "--minutes", "0.02", "--progress", "0.3", "--jobs", "1");

        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.StartsWith("soak: seed 1 onward, 1000 tests per layer per round, 1 job(s), backend port, for 0.02 minute(s)\n", output);
        Assert.Matches(@"\nsoak: \d+ commands, \d+ s, \d+ commands/s, \d+ coverage labels \([+-]\d+ this round\), resident \d+ MB \(\d+ MB settled\), peak \d+ MB, live heap \d+ MB\n", output);
        Assert.Matches(@"\nsoak: resident memory settled \d+ MB at the end \(peak \d+ MB\), live heap \d+ MB; the run was shorter than a minute; no counterexample\n$", output);
    }

    [Theory]
    [InlineData("--minutes", "0")]
    [InlineData("--progress", "0")]
    [InlineData("--commands", "-1")]
    public void BadOption_OneLine_NonZeroExit(string option, string value)
    {
        var (exit, output, err) = _cli.Run("soak", option, value);

        Assert.NotEqual(0, exit);
        Assert.Equal("", output);
        Assert.Equal("error: --minutes must be above 0 and at most a week (10080), --commands 0 or more, --progress above 0\n", err);
    }
}
