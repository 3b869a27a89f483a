using Harness.Implementation;
using Harness.Properties;
using Harness.Properties.Report;
using Harness.Properties.Runner;
using Harness.Properties.Trace;

namespace Harness.Properties.Tests;

public class CampaignTests(ITestOutputHelper output)
{
    public static TheoryData<Layer, Granule, int> Configurations => new()
    {
        { Layer.Stage2, Granule.Size4K, 40 },
        { Layer.Stage2, Granule.Size4K, 32 },
        { Layer.Stage2, Granule.Size4K, 48 },
        { Layer.Stage2, Granule.Size16K, 40 },
        { Layer.Stage2, Granule.Size64K, 48 },
        { Layer.Host, Granule.Size4K, 40 },
        { Layer.Host, Granule.Size16K, 40 },
        { Layer.Host, Granule.Size64K, 48 },
    };

    // The whole command sequence over one layer and geometry finds no counterexample. Before generating,
    // it replays the failures saved by earlier runs of this configuration and the layer's regression
    // corpus, with every check; a failure is saved for the next run.
    [Theory]
    [MemberData(nameof(Configurations))]
    public void DefaultCampaign_FindsNoCounterexample(Layer layer, Granule granule, int ia)
    {
        var config = HarnessConfig.For(layer, granule, ia);
        var store = RepoPaths.Failures;
        var saved = store?.For(config) ?? [];
        foreach (var bad in saved.Where(s => s.Error is not null))
        {
            output.WriteLine($"skipped saved trace {bad.Path}: {bad.Error}");
        }
        var corpus = SavedTrace.LoadAll(RepoPaths.Regressions).Where(s => s.Trace?.Config.Layer == layer).ToList();
        Assert.NotEmpty(corpus);
        List<SavedTrace> first = [.. saved.Where(s => s.Trace is not null), .. corpus];
        var result = Campaign.Run(config, new RunOptions(Seed: 42, MaxTests: RunOptions.Scaled(100)), null, first, store);
        output.WriteLine($"replayed first: {saved.Count} saved failure(s) from {store?.Folder ?? "nowhere (HARNESS_FAILURES=off)"}, {corpus.Count} regression trace(s)");
        Assert.Equal(result.Passed ? first.Count : result.Replayed.Count, result.Replayed.Count);
        output.WriteLine($"{result.Tests} tests, {result.Commands} commands in {result.Elapsed.TotalMilliseconds:F0} ms");
        foreach (var (k, v) in result.Coverage.Counts)
        {
            output.WriteLine($"  {k}: {v}");
        }
        Assert.True(result.Passed, result.Counterexample is { } ce ? CounterexampleReport.Format(ce) : "");
        // Not vacuous: the run reached every state the generators claim to reach.
        Assert.Empty(result.Coverage.Missing(layer, config.Geometry));
    }
}
