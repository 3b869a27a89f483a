namespace Harness.Cli.Tests;

/// <summary>Output that cannot be written (a full disk, a closed pipe) ends the run with one line and exit 2.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class OutputFailureTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    // Every command's first write fails as on a full disk: one line on standard error, exit 2, no stack trace.
    [Theory]
    [InlineData("trace", "--steps", "5")]
    [InlineData("--help")]
    [InlineData("campaign", "--layer", "host", "--tests", "2")]
    [InlineData("faults", "--layer", "stage2", "--cases", "2", "--size", "2")]
    [InlineData("bugs", "--bug", "WalkEndOffByOne", "--seeds", "1", "--markdown")]
    public void DiskFull_OneLine_Exit2(params string[] args)
    {
        var (exit, _, err) = InProcess.Run(new FailingWriter(), null, args);
        Assert.Equal(2, exit);
        // (bugs writes its progress on standard error before the table)
        Assert.EndsWith("error: cannot write output: No space left on device\n", err);
        Assert.Single(err.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
    }

    // The disk fills in the middle of the replay output.
    [Fact]
    public void DiskFullMidway_OneLine_Exit2()
    {
        var path = _cli.Write("t.trace", "harness-trace 1\nmap 0x40000000 0x200000 0x40000000 rwx\nunmap 0x40000000 0x1000\n");
        var stdout = new FailingWriter(lines: 2);
        var (exit, _, err) = InProcess.Run(stdout, null, "replay", path, "--dump");
        Assert.Equal(2, exit);
        Assert.Equal("> map 0x40000000 0x200000 0x40000000 rwx\n= 0\n", stdout.Written.ToString());
        Assert.Equal("error: cannot write output: No space left on device\n", err);
    }

    // Standard error fails too: nothing can be said, and the exit status still says it.
    [Fact]
    public void BothStreamsFail_Exit2()
    {
        var (stdout, stderr) = (new FailingWriter(), new FailingWriter());
        var (exit, _, _) = InProcess.Run(stdout, stderr, "trace", "--steps", "5");
        Assert.Equal(2, exit);
        Assert.Equal(1, stderr.Refused);
    }

    // 'help' prints through System.CommandLine's own help action: output that fails there is the same one
    // line, not that library's "Unhandled exception" and stack trace.
    [Theory]
    [InlineData("help")]
    [InlineData("help", "campaign")]
    [InlineData("--help")]
    public void HelpOutputFails_OneLine_Exit2(params string[] args)
    {
        var (exit, _, err) = InProcess.Run(new FailingWriter(lines: 1), null, args);
        Assert.Equal(2, exit);
        Assert.Equal("error: cannot write output: No space left on device\n", err);
    }

    // A reader that goes away (the end of a pipe closed, as by 'head'): the run stops with one line, exit 2.
    [Fact]
    public void ClosedPipe_OneLine_Exit2()
    {
        var (exit, err) = _cli.RunWithOutputClosed("trace", "--steps", "200000");
        Assert.Equal(2, exit);
        Assert.Equal("error: cannot write output: Broken pipe\n", err);
    }

    // A progress line that cannot be written (on the timer's thread) ends the run like any other write.
    [Fact]
    public void ProgressLineFails_OneLine_Exit2()
    {
        Assert.SkipUnless(Console.IsOutputRedirected, "at a terminal the campaign shows a progress bar instead");
        var stdout = new FailingWriter(lines: 2);
        var (exit, _, err) = InProcess.Run(stdout, null, "campaign", "--layer", "stage2", "--tests", "100", "--progress", "0.001");
        Assert.Equal(2, exit);
        Assert.Matches("^seed 1 \\(the default; --seed to change\\), 100 tests of up to 60 commands per layer in 1 shard\\(s\\), \\d+ job\\(s\\), backend port\nstage2 swarm: running\n$", stdout.Written.ToString());
        Assert.Equal("error: cannot write output: No space left on device\n", err);
    }

    // An exception no one expected is a bug in Harness: exit 70, and still one line, without a stack trace.
    [Fact]
    public void UnexpectedException_OneLine_Exit70()
    {
        var stdout = new FailingWriter(0, () => new InvalidOperationException("boom\n   at Somewhere()"));
        var (exit, _, err) = InProcess.Run(stdout, null, "trace", "--steps", "1");
        Assert.Equal(70, exit);
        Assert.Equal(@"error: internal error in Harness (InvalidOperationException: boom\n   at Somewhere()); please report it with the command line used" + "\n", err);
    }
}
