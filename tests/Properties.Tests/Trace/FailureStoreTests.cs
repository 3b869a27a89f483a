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
        var ce = Run(Buggy, 1).Counterexample;
        Assert.NotNull(ce);
        var path = Path.Combine(_folder, "stage2-4k-ia40-NoPutOnValidUpdate-seed1.trace");
        Assert.Equal(path, ce.TracePath);
        Assert.True(File.Exists(path));
        Assert.Contains($"Trace: {path}\n", CounterexampleReport.Format(ce));
        Assert.Contains("fix page-sized-annotations\n", File.ReadAllText(path));
    }

    // The saved trace, parsed back with its '# bug:' comment, fails again with the same claim at the same step.
    [Fact]
    public void SavedTrace_ReplaysToTheSameFailure()
    {
        var ce = Run(Buggy, 1).Counterexample!;
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
        var first = Run(Buggy, 1).Counterexample!;
        var next = Campaign.Run(Buggy, new RunOptions(Seed: 7), new CampaignHooks { ReplayFirst = Store.For(ConfigSpace.Of(Buggy)), Store = Store });
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
        var first = Run(Buggy, 1).Counterexample!;
        var saved = Store.For(ConfigSpace.Of(Buggy));
        var next = Campaign.Run(HarnessConfig.Stage2Default, new RunOptions(Seed: 1, MaxTests: 5), new CampaignHooks { ReplayFirst = saved, Store = Store });
        Assert.True(next.Passed);
        Assert.Equal(5, next.Tests);
        Assert.Equal([(first.TracePath!, true)], next.Replayed.Select(r => (r.Path, r.Passed)));
    }

    // Only traces of the same layer, granule, IPA size and bugs belong to a campaign; unreadable files come with their error.
    [Fact]
    public void For_SelectsTheCampaignsTraces()
    {
        Run(Buggy, 1);
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "broken.trace"), "harness-trace 1\nmap 1\n");
        Assert.Equal(["broken.trace", "stage2-4k-ia40-NoPutOnValidUpdate-seed1.trace"], Store.For(ConfigSpace.Of(Buggy)).Select(s => Path.GetFileName(s.Path)));
        Assert.Equal("line 2: map is missing an argument: it takes ADDR SIZE PHYS PROT", Store.For(ConfigSpace.Of(Buggy))[0].Error);
        Assert.Equal(["broken.trace"], Store.For(ConfigSpace.Of(HarnessConfig.Stage2Default)).Select(s => Path.GetFileName(s.Path)));
        Assert.Equal(["broken.trace"], Store.For(ConfigSpace.Of(Buggy with { IaBits = 48 })).Select(s => Path.GetFileName(s.Path)));
        // A swarm campaign of the layer replays the layer's saved traces without bugs only.
        Assert.Equal(["broken.trace"], Store.For(ConfigSpace.Swarm(Layer.Stage2)).Select(s => Path.GetFileName(s.Path)));
    }

    // A fault-injection failure is saved too (under faults/, which campaigns do not replay) and replays to the same broken invariant.
    [Fact]
    public void FaultInjectionFailure_SavedAndReplays()
    {
        var config = HarnessConfig.Stage2Default.WithBugs(Bug.SplitEnomemLeaksReference);
        var result = FaultInjectionCampaign.Run(ConfigSpace.Of(config), new RunOptions(42, 100, 20), Store);
        var path = Path.Combine(_folder, "faults", "stage2-4k-ia40-SplitEnomemLeaksReference-seed42.trace");
        Assert.Equal(path, result.TracePath);
        Assert.Contains($"Trace: {path}\n", AllocationPointReport.Format(result));
        var saved = SavedTrace.Load(path);
        Assert.Equal(["fail_alloc 0x1", "set_owner 0x0 0x1000 0x1"], saved.Trace!.Commands.Select(c => c.ToString()));
        Assert.Equal(result.Failure!.Violation, Execution.Run(saved.Trace.Config, saved.Trace.Commands).Violation);
        Assert.Empty(Store.For(ConfigSpace.Of(config)));
    }

    // A folder that cannot be written (a file in its place) is reported with the counterexample, not thrown.
    [Fact]
    public void UnwritableFolder_ReportsWhyAndKeepsTheReport()
    {
        File.WriteAllText(_folder, "a file where the folder should be");
        try
        {
            var ce = Run(Buggy, 1).Counterexample!;
            Assert.Null(ce.TracePath);
            Assert.StartsWith("not saved to ", ce.SaveError);
            Assert.Contains("\nTrace: not saved to ", CounterexampleReport.Format(ce));
        }
        finally
        {
            File.Delete(_folder);
        }
    }

    [Fact]
    public void NoFolder_NothingToReplay() => Assert.Empty(Store.For(ConfigSpace.Of(Buggy)));

    private CampaignResult Run(HarnessConfig config, ulong seed) =>
        Campaign.Run(config, new RunOptions(seed), new CampaignHooks { Store = Store });
}
