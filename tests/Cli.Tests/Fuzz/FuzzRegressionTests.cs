namespace Harness.Cli.Tests.Fuzz;

/// <summary>
/// One test per class of failure the fuzzing found, by the mutation property (<see cref="FuzzTests"/>) or
/// by trying unusual files, with its smallest input and the exact line it now prints, in every replay mode.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class FuzzRegressionTests : IDisposable
{
    private readonly CliRun _files = new();

    public void Dispose() => _files.Dispose();

    private const string Empty = "error: line 1: the trace is empty: the first item must be the version line 'harness-trace 1'\n";

    // A trace truncated before its version line: the error named line N + 1 of an N-line file; now line 1.
    [Theory]
    [InlineData("# Pins: a")]
    [InlineData("# Pins: a\n#\n")]
    [InlineData("\n \n\n")]
    public void NoItem_ReportedOnLineOne(string text) => AssertRefused(text, Empty);

    // A pool of 1 GiB (4K pages) and one page-granular set_owner across it: 70 s plain, minutes and
    // gigabytes with --check; now refused on the pool line, naming the limit.
    [Fact]
    public void GibibytePool_Refused() => AssertRefused(
        "harness-trace 1\nfix page-sized-annotations\npool 262144\nset_owner 0x0 0x10000000000 0x1\n",
        "error: line 3: a pool of 262144 4k pages is more than the 32 MiB of table memory a world may simulate: at most 8192 4k pages\n");

    // 256 GiB of host memory and one donation of all of it: 26 s plain, minutes with --check; now refused
    // on the memory line, since the host's pools would need more than the limit.
    [Fact]
    public void HostMemoryNeedingLargePools_Refused() => AssertRefused(
        "harness-trace 1\nlayer host\nfix page-sized-annotations\nmemory 0x0 0x4000000000\ndonate 0x0 0x4000000000\n",
        "error: line 4: these memory regions need 131861 table pages (516 MiB) in the host's pools, more than the 32 MiB of table memory a world may simulate (8192 4k pages)\n");

    // The limit itself is allowed: the default pool with 64K pages, and as many 4K pages.
    [Theory]
    [InlineData("granule 64k\npool 512\n")]
    [InlineData("granule 4k\npool 8192\n")]
    public void PoolAtTheLimit_Replays(string configuration)
    {
        var path = _files.Write("limit.trace", "harness-trace 1\n" + configuration + "fail_alloc 1\n");
        foreach (var mode in ReplayMode.All)
        {
            var (exit, _, err) = InProcess.Run(["replay", path, .. mode.Options]);
            Assert.Equal((0, ""), (exit, err));
        }
    }

    // A file that opens but fails on read (/proc/self/mem): exit 70, "internal error in Harness
    // (IOException ...)"; now a file problem like any other.
    [Fact]
    public void UnreadableFile_CannotRead()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Linux's /proc");
        AssertRefusedAt("/proc/self/mem", "error: cannot read trace file '/proc/self/mem': Input/output error\n");
    }

    // A file that is one endless line (64 GiB of NULs, sparse; /proc/self/pagemap is another): every
    // character was read to skip the rest of the first line (22 s for 2 GiB); now the error comes after
    // 4097 characters. Run under the fuzz property's hang guard, so that a regression fails, not stalls.
    [Fact]
    public void EndlessFirstLine_RefusedAtOnce()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "a sparse file, which costs no disk");
        var path = _files.Write("sparse.trace", "");
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(64L << 30);
        }
        foreach (var mode in ReplayMode.All)
        {
            var o = FuzzReplay.Run(path, mode);
            Assert.Equal((2, 0L, "error: line 1: the line is longer than 4096 characters; a trace item is a few short fields\n"), (o.Exit, o.Out.Length, o.Err));
        }
    }

    /// <summary>Every mode refuses <paramref name="text"/> with exactly <paramref name="expected"/>, exit 2 and nothing on standard output.</summary>
    private void AssertRefused(string text, string expected) => AssertRefusedAt(_files.Write("case.trace", text), expected);

    /// <summary>Every mode refuses the file at <paramref name="path"/> with exactly <paramref name="expected"/>, exit 2 and nothing on standard output.</summary>
    private static void AssertRefusedAt(string path, string expected)
    {
        foreach (var mode in ReplayMode.All)
        {
            var (exit, output, err) = InProcess.Run(["replay", path, .. mode.Options]);
            Assert.Equal((2, "", expected), (exit, output, err));
        }
    }
}
