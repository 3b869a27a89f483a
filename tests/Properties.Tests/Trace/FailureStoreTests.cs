using Harness.Implementation;
using Harness.Properties.Report;
using Harness.Properties.Runner;
using Harness.Properties.Trace;

namespace Harness.Properties.Tests.Trace;

/// <summary>Saved failures: written by a failing campaign, replayed first by the next one of the same configuration.</summary>
public sealed class FailureStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "harness-store-" + Guid.NewGuid().ToString("N"));

    private FailureStore Store => new(_folder);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static readonly HarnessConfig Buggy = HarnessConfig.Stage2Default.WithBugs(Bug.NoPutOnValidUpdate);

    // A failing campaign writes its shrunk trace, and the report names the file and the line that replays it.
    [Fact]
    public void FailingCampaign_SavesItsTrace_AndTheReportNamesIt()
    {
        var ce = Campaign.Run(Buggy, new RunOptions(Seed: 1), store: Store).Counterexample;
        Assert.NotNull(ce);
        var path = Path.Combine(_folder, "stage2-4k-ia40-NoPutOnValidUpdate-seed1.trace");
        Assert.Equal(path, ce.TracePath);
        Assert.True(File.Exists(path));
        var report = CounterexampleReport.Format(ce);
        Assert.Contains($"Trace: {path}\n", report);
        Assert.Contains($"Replay: dotnet run --project Cli -- replay {path} --check\n", report);
        Assert.Contains($"Keep it as a regression: cp {path} tests/regressions/NAME.trace", report);
    }

    // The saved trace, parsed back with its '# bug:' comment, fails again with the same claim at the same step.
    [Fact]
    public void SavedTrace_ReplaysToTheSameFailure()
    {
        var ce = Campaign.Run(Buggy, new RunOptions(Seed: 1), store: Store).Counterexample!;
        var saved = SavedTrace.Load(ce.TracePath!);
        Assert.Null(saved.Error);
        var again = Execution.Run(saved.Trace!.Config, saved.Trace.Commands);
        Assert.Equal(ce.Violation, again.Violation);
        Assert.Equal(ce.Execution.FailedAt, again.FailedAt);
    }

    // The next campaign replays it before generating anything: no test runs, the same failure is reported.
    [Fact]
    public void NextCampaign_ReplaysTheSavedFailureFirst()
    {
        var first = Campaign.Run(Buggy, new RunOptions(Seed: 1), store: Store).Counterexample!;
        var next = Campaign.Run(Buggy, new RunOptions(Seed: 7), null, Store.For(Buggy), Store);
        Assert.Equal(0, next.Tests);
        Assert.Equal(first.TracePath, next.Counterexample?.ReplayedFrom);
        Assert.Equal(first.Violation.Claim, next.Counterexample?.Violation.Claim);
        Assert.Equal([first.TracePath], next.Replayed.Select(r => r.Path));
        Assert.Contains("replayed from the saved trace", CounterexampleReport.Format(next.Counterexample!));
    }

    // Once fixed (the bug off), the saved trace passes and generation goes on.
    [Fact]
    public void FixedBug_SavedTracePasses_AndGenerationRuns()
    {
        var first = Campaign.Run(Buggy, new RunOptions(Seed: 1), store: Store).Counterexample!;
        var saved = Store.For(Buggy);
        var next = Campaign.Run(HarnessConfig.Stage2Default, new RunOptions(Seed: 1, MaxTests: 5), null, saved, Store);
        Assert.True(next.Passed);
        Assert.Equal(5, next.Tests);
        Assert.Equal([(first.TracePath!, true)], next.Replayed.Select(r => (r.Path, r.Passed)));
    }

    // Only traces of the same layer, granule, IPA size and bugs belong to a campaign; unreadable files come with their error.
    [Fact]
    public void For_SelectsTheCampaignsTraces()
    {
        Campaign.Run(Buggy, new RunOptions(Seed: 1), store: Store);
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "broken.trace"), "harness-trace 1\nmap 1\n");
        Assert.Equal(["broken.trace", "stage2-4k-ia40-NoPutOnValidUpdate-seed1.trace"], Store.For(Buggy).Select(s => Path.GetFileName(s.Path)));
        Assert.Equal("line 2: map is missing an argument: it takes ADDR SIZE PHYS PROT", Store.For(Buggy)[0].Error);
        Assert.Equal(["broken.trace"], Store.For(HarnessConfig.Stage2Default).Select(s => Path.GetFileName(s.Path)));
        Assert.Equal(["broken.trace"], Store.For(Buggy with { IaBits = 48 }).Select(s => Path.GetFileName(s.Path)));
    }

    // A fault-injection failure is saved too (under faults/, which campaigns do not replay) and replays to the same broken invariant.
    [Fact]
    public void FaultInjectionFailure_SavedAndReplays()
    {
        var result = FaultInjectionCampaign.Run(HarnessConfig.Stage2Default.WithBugs(Bug.SplitEnomemLeaksReference), new RunOptions(42, 100, 20), Store);
        var path = Path.Combine(_folder, "faults", "stage2-4k-ia40-SplitEnomemLeaksReference-seed42.trace");
        Assert.Equal(path, result.TracePath);
        Assert.Contains($"Replay: dotnet run --project Cli -- replay {path} --check\n", AllocationPointReport.Format(result));
        var saved = SavedTrace.Load(path);
        Assert.Equal(["fail_alloc 0x1", "set_owner 0x0 0x1000 0x0"], saved.Trace!.Commands.Select(c => c.ToString()));
        Assert.Equal(result.Failure!.Violation, Execution.Run(saved.Trace.Config, saved.Trace.Commands).Violation);
        Assert.Empty(Store.For(HarnessConfig.Stage2Default.WithBugs(Bug.SplitEnomemLeaksReference)));
    }

    [Fact]
    public void NoFolder_NothingToReplay() => Assert.Empty(Store.For(Buggy));
}
