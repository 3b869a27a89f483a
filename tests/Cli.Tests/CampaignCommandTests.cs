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
        Assert.Contains("host, 4k granule, ia 40, 2 memory region(s), fixes: page-sized-annotations: no counterexample in", output);
    }

    // A bug is found and saved; the next run replays the saved trace first and reports it at once.
    [Fact]
    public void Bug_SavedThenReplayedFirst()
    {
        var (exit, output, _) = _cli.Run("campaign", "--layer", "stage2", "--bug", "NoTlbiOnBreakBeforeMake");
        Assert.Equal(1, exit);
        var path = Path.Combine(".harness", "failures", "stage2-4k-ia40-NoTlbiOnBreakBeforeMake-seed1.trace");
        Assert.Contains($"Trace: {path}\n", output);
        Assert.Contains($"Replay: dotnet run --project Cli -- replay {path} --check\n", output);
        Assert.True(File.Exists(Path.Combine(_cli.Folder, path)));

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

    [Theory]
    [InlineData("error: unknown bug 'Nope'; use one of ", "--bug", "Nope")]
    [InlineData("error: Argument '8k' not recognized. Must be one of: '4k' '16k' '64k' (see --help)", "--granule", "8k")]
    [InlineData("error: --tests and --size must be at least 1", "--tests", "0")]
    [InlineData("error: stage2 layer: ", "--ia", "60", "--layer", "stage2")]
    public void BadOption_OneLineError_Exit2(string start, params string[] args)
    {
        var (exit, output, err) = _cli.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith(start, err);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
    }
}
