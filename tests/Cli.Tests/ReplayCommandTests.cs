namespace Harness.Cli.Tests;

/// <summary><c>harness replay</c> as a user runs it: output, errors and exit codes.</summary>
public sealed class ReplayCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    private const string SpecExample = "harness-trace 1\ngranule 4k\nia 40\nlayer stage2\npool 16\nmap 0x40000000 0x200000 0x40000000 rwx\nset_owner 0x40001000 0x1000 1\n";

    // The example of trace-format.md section 3, replayed with --dump, byte for byte, exit 0.
    [Fact]
    public void SpecExample_Dump()
    {
        var (exit, output, err) = _cli.Run("replay", _cli.Write("example.trace", SpecExample), "--dump");
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.Equal(
            "> map 0x40000000 0x200000 0x40000000 rwx\n= 0\nroot 0 rc=2\n  L1 0x0000000040000000 table rc=2\n    L2 0x0000000040000000 leaf 0x00000000400007fd\nroot 1 rc=1\npool used=3\n" +
            "> set_owner 0x40001000 0x1000 0x1\n= 0\nroot 0 rc=2\n  L1 0x0000000040000000 table rc=2\n    L2 0x0000000040000000 table rc=2\n      L3 0x0000000040001000 invalid 0x0100000000000000\nroot 1 rc=1\npool used=4\nend\n",
            output);
    }

    // A malformed trace: one line on standard error naming the line, exit 2, nothing run.
    [Fact]
    public void Malformed_OneLineError_Exit2()
    {
        var (exit, output, err) = _cli.Run("replay", _cli.Write("bad.trace", "harness-trace 1\nmap 0x0 0x1000 0x0 rwx\nunmap 0x0\n"), "--dump");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal("error: line 3: unmap is missing an argument: it takes ADDR SIZE\n", err);
    }

    [Fact]
    public void MissingFile_OneLineError_Exit2()
    {
        var (exit, output, err) = _cli.Run("replay", "no-such.trace");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("error: cannot read trace file 'no-such.trace': ", err);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
    }

    // --check with the trace's '# bug:' comment: the claim breaks at the last command, exit 1; without the comment every claim holds, exit 0.
    [Fact]
    public void Check_BugTrace_FailsWithItsBug_PassesWithout()
    {
        const string trace = "harness-trace 1\n# bug: RefcountValidOnly\nset_owner 0x40000000 0x1000 1\n";
        var (exit, output, _) = _cli.Run("replay", _cli.Write("bug.trace", trace), "--check");
        Assert.Equal(1, exit);
        Assert.Contains("1. set_owner 0x40000000 0x1000 0x1", output);
        Assert.Contains("<-- fails here", output);
        Assert.Contains("Broken: refcount consistency", output);
        var (fixedExit, fixedOutput, _) = _cli.Run("replay", _cli.Write("fixed.trace", trace.Replace("# bug:", "# was:")), "--check");
        Assert.Equal(0, fixedExit);
        Assert.Contains("Every postcondition and invariant held after each of the 1 command(s).", fixedOutput);
    }

    [Fact]
    public void Check_WithDump_IsRefused()
    {
        var (exit, _, err) = _cli.Run("replay", _cli.Write("example.trace", SpecExample), "--check", "--dump");
        Assert.Equal(2, exit);
        Assert.Equal("error: --check prints a verdict, not the replay output: use it without --dump and --log\n", err);
    }
}
