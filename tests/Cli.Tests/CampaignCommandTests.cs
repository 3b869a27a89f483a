using System.Runtime.Versioning;

namespace Harness.Cli.Tests;

/// <summary><c>harness campaign</c> (and the bare command): verdicts, saved failures, bad options.</summary>
public sealed class CampaignCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void NoBug_NoCounterexample_Exit0()
    {
        var (exit, output, _) = _cli.Run("--layer", "host", "--tests", "10");
        Assert.Equal(0, exit);
        Assert.Contains("host swarm: no counterexample in", output);
        Assert.Matches(@"\n\d+ commands checked in \d+\.\d s: \d+ commands/s\n$", output);
    }

    // The same seed is the same campaign on any number of cores: --jobs changes how many shards run at
    // once, never which tests run. Everything but the header's job count and the rates is the same.
    [Fact]
    public void Jobs_DoNotChangeTheCampaign()
    {
        static string Verdicts(string output) => System.Text.RegularExpressions.Regex.Replace(
            output, @"\d+ job\(s\)|[\d.]+ commands/s|in [\d.]+ s", "_");
        var (oneExit, one, _) = _cli.Run("--layer", "stage2", "--tests", "1500", "--size", "8", "--jobs", "1");
        var (twoExit, two, _) = _cli.Run("--layer", "stage2", "--tests", "1500", "--size", "8", "--jobs", "2");
        Assert.Equal(0, oneExit);
        Assert.Equal(0, twoExit);
        Assert.Contains("(1500 tests, ", one);
        Assert.Contains(" per layer in 2 shard(s), 1 job(s), ", one);
        Assert.Equal(Verdicts(one), Verdicts(two));
    }

    // A bug is found and saved; the next run replays the saved trace first and reports it at once.
    [Fact]
    public void Bug_SavedThenReplayedFirst()
    {
        var (exit, output, _) = _cli.Run("campaign", "--layer", "stage2", "--bug", "NoTlbiOnBreakBeforeMake", "--jobs", "1");
        Assert.Equal(1, exit);
        var path = Path.Combine(".harness", "failures", "stage2-4k-ia40-NoTlbiOnBreakBeforeMake-seed1.trace");
        Assert.Contains($"Trace: {path}\n", output);
        Assert.Contains($"Replay: dotnet run --project Cli -- replay {path} --check\n", output);
        Assert.True(File.Exists(Path.Combine(_cli.Folder, path)));
        Assert.Single(Directory.GetFiles(Path.Combine(_cli.Folder, ".harness", "failures")));

        var (again, secondOutput, _) = _cli.Run("campaign", "--layer", "stage2", "--bug", "NoTlbiOnBreakBeforeMake", "--seed", "5");
        Assert.Equal(1, again);
        Assert.Contains("replaying 1 saved failure(s) from .harness/failures first", secondOutput);
        Assert.Contains($"{path}: still fails (break-before-make)", secondOutput);
        Assert.Contains($"replayed from the saved trace {path}", secondOutput);

        // The bug fixed (off), the saved trace belongs to another campaign and is not replayed.
        var (fixedExit, fixedOutput, _) = _cli.Run("campaign", "--layer", "stage2", "--tests", "5");
        Assert.Equal(0, fixedExit);
        Assert.DoesNotContain("saved failure", fixedOutput);
    }

    // Not at a terminal, a campaign prints a plain line every --progress seconds between "running" and its verdict.
    [Fact]
    public void NotATerminal_ProgressLines()
    {
        var (exit, output, _) = _cli.Run("campaign", "--layer", "stage2", "--tests", "200", "--progress", "0.05");
        Assert.Equal(0, exit);
        var lines = output.Split('\n');
        var running = Array.IndexOf(lines, "stage2 swarm: running");
        var coverage = Array.IndexOf(lines, "stage2 swarm: coverage");
        Assert.True(running >= 0 && coverage > running + 1, output);
        Assert.All(lines[(running + 1)..coverage], l => Assert.Matches(@"^stage2 swarm: \d+ of 200 tests, \d+ commands, \d+\.\d s, \d+ commands/s$", l));
    }

    [Fact]
    public void ProgressZero_NoProgressLines()
    {
        var (exit, output, _) = _cli.Run("campaign", "--layer", "stage2", "--tests", "100", "--progress", "0");
        Assert.Equal(0, exit);
        Assert.DoesNotMatch(@"\d+ of 100 tests", output);
    }

    private const string SavedPath = ".harness/failures/stage2-4k-ia40-NoTlbiOnBreakBeforeMake-seed1.trace";

    // A file named .harness where the failure folder should be: the whole report still, then one line saying where the trace could not go and why; exit 1.
    [Fact]
    public void FailureFolderBlockedByFile_ReportPrinted_TraceNotSaved()
    {
        _cli.Write(".harness", "not a folder");
        var (exit, output, err) = _cli.Run("campaign", "--layer", "stage2", "--bug", "NoTlbiOnBreakBeforeMake", "--jobs", "1");
        Assert.Equal(1, exit);
        Assert.Equal("", err);
        Assert.Contains("Counterexample: 2 command(s), shrunk from ", output);
        Assert.Contains("Broken: break-before-make: ", output);
        Assert.Contains("Re-run: dotnet run --project Cli -- campaign --layer stage2 --seed 1 --tests 600 --size 60 --jobs 1 --granule 4k --ia 40 --bug NoTlbiOnBreakBeforeMake\n", output);
        Assert.Contains($"\nTrace: not saved to {SavedPath}: '.harness' is a file, not a folder\n", output);
        Assert.DoesNotContain("Replay:", output);
    }

    // A read-only failure folder: the same, with the reason.
    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void FailureFolderReadOnly_ReportPrinted_TraceNotSaved()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        Assert.SkipWhen(Environment.IsPrivilegedProcess, "root writes into a read-only folder");
        var folder = Directory.CreateDirectory(Path.Combine(_cli.Folder, ".harness", "failures")).FullName;
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var (exit, output, err) = _cli.Run("campaign", "--layer", "stage2", "--bug", "NoTlbiOnBreakBeforeMake", "--jobs", "1");
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Equal(1, exit);
        Assert.Equal("", err);
        Assert.Contains("Broken: break-before-make: ", output);
        Assert.Contains($"\nTrace: not saved to {SavedPath}: permission denied\n", output);
    }

    [Theory]
    [InlineData("error: unknown bug 'Nope'; use one of ", "--bug", "Nope")]
    [InlineData("error: Argument '8k' not recognized. Must be one of: '4k' '16k' '64k' (see --help)", "--granule", "8k")]
    [InlineData("error: --tests, --size and --full-check-every must be at least 1", "--tests", "0")]
    [InlineData("error: --jobs must be 1 to 64, not 0", "--jobs", "0")]
    [InlineData("error: --jobs must be 1 to 64, not 1000", "--jobs", "1000")]
    [InlineData("error: --jobs must be 1 to 64, not 65", "soak", "--jobs", "65")]
    [InlineData("error: --kernel-tree and --stock are options of the kernel backend: add --backend kernel", "--stock")]
    [InlineData("error: Argument 'c' not recognized. Must be one of: 'port' 'kernel' (see --help)", "--backend", "c")]
    [InlineData("error: stage2 layer: ", "--ia", "60", "--layer", "stage2")]
    [InlineData("error: Unrecognized command or argument '@/'. (see --help)", "@/")]
    [InlineData("error: --progress must be 0 to 86400 seconds, not -1", "--progress", "-1")]
    [InlineData("error: --size must be at most 1000000, not 1000000000", "--size", "1000000000")]
    [InlineData("error: --size must be at most 1000000, not 2147483647", "bugs", "--size", "2147483647")]
    [InlineData("error: --size must be at most 1000000, not 1000001", "faults", "--size", "1000001")]
    [InlineData("error: --progress must be 0 to 86400 seconds, not NaN", "--progress", "NaN")]
    public void BadOption_OneLineError_Exit2(string start, params string[] args)
    {
        var (exit, output, err) = _cli.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith(start, err);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
    }
}
