using System.Runtime.InteropServices;
using System.Runtime.Versioning;

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
        Assert.Equal("error: cannot read trace file 'no-such.trace': no such file\n", err);
    }

    // '@' starts no response file: a trace may be called '@t.trace'.
    [Fact]
    public void AtSignFileName_IsReplayed()
    {
        _cli.Write("@t.trace", SpecExample);
        var (exit, output, err) = _cli.Run("replay", "@t.trace");
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.StartsWith("> map 0x40000000 0x200000 0x40000000 rwx\n= 0\n", output);
    }

    // A directory is named as such, not "access denied".
    [Fact]
    public void Directory_SaysItIsADirectory()
    {
        Directory.CreateDirectory(Path.Combine(_cli.Folder, "somedir"));
        var (exit, output, err) = _cli.Run("replay", "somedir");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal("error: cannot read trace file 'somedir': it is a directory\n", err);
    }

    // A named pipe with no writer is refused before it is opened, which would block for ever.
    [Fact]
    public void NamedPipe_RefusedWithoutBlocking()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "named pipes are made with Linux's mkfifo");
        Assert.Equal(0, MakeFifo(Path.Combine(_cli.Folder, "pipe.trace"), 0x180));
        var (exit, _, err) = _cli.Run("replay", "pipe.trace");
        Assert.Equal(2, exit);
        Assert.Equal("error: cannot read trace file 'pipe.trace': it is a named pipe (FIFO), not a regular file\n", err);
    }

    // Devices are refused too: /dev/zero would be read for ever, /dev/null would read as an empty trace.
    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/null")]
    public void CharacterDevice_Refused(string device)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Linux device files");
        var (exit, _, err) = _cli.Run("replay", device);
        Assert.Equal(2, exit);
        Assert.Equal($"error: cannot read trace file '{device}': it is a character device, not a regular file\n", err);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Unreadable_PermissionDenied()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        Assert.SkipWhen(Environment.IsPrivilegedProcess, "root reads any file");
        File.SetUnixFileMode(_cli.Write("secret.trace", SpecExample), UnixFileMode.None);
        var (exit, _, err) = _cli.Run("replay", "secret.trace");
        Assert.Equal(2, exit);
        Assert.Equal("error: cannot read trace file 'secret.trace': permission denied\n", err);
    }

    [DllImport("libc", EntryPoint = "mkfifo")]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

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
