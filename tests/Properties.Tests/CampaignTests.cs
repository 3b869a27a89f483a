using Harness.Properties.Backends;
using Harness.Properties.Report;
using Harness.Properties.Runner;
using Harness.Properties.Tests.Kernel;
using Harness.Properties.Trace;

namespace Harness.Properties.Tests;

/// <summary>
/// The default campaigns: each test draws its configuration (granule, IPA size, pool or memory layout,
/// fixes) and a subset of the command kinds. They find no counterexample, and they reach the geometry
/// the claims are about: leaves at every level each granule allows, concatenated roots, output addresses
/// of 52 bits, MMIO recycling. Each runs on the port and on the kernel backend (the kernel's own v5.13
/// files, profile build), which skips with the reason where gcc, make or the tree is missing.
/// </summary>
public class CampaignTests(ITestOutputHelper output)
{
    // The swarm over one layer finds no counterexample, on either backend. Before generating, it replays
    // the failures saved by earlier runs and the layer's regression corpus, with every check; a failure is
    // saved for next time. Both backends get the same budget: measured on 2 cores (Debug), the kernel
    // backend runs the swarm as fast as the port (about 3 s per 100 tests here), since the checks dominate.
    [Theory]
    [InlineData(Layer.Stage2, BackendKind.Port)]
    [InlineData(Layer.Host, BackendKind.Port)]
    [InlineData(Layer.Stage2, BackendKind.Kernel)]
    [InlineData(Layer.Host, BackendKind.Kernel)]
    public void DefaultCampaign_FindsNoCounterexample(Layer layer, BackendKind kind)
    {
        var backend = KernelBackend.For(kind);
        var space = ConfigSpace.Swarm(layer);
        var store = RepoPaths.FailuresOf(backend);
        var saved = store?.For(space) ?? [];
        foreach (var bad in saved.Where(s => s.Error is not null))
        {
            output.WriteLine($"skipped saved trace {bad.Path}: {bad.Error}");
        }
        var corpus = SavedTrace.LoadAll(RepoPaths.Regressions).Where(s => s.Trace?.Config is { Layer: var l, Bugs: Implementation.Bug.None } && l == layer).ToList();
        Assert.NotEmpty(corpus);
        List<SavedTrace> first = [.. saved.Where(s => s.Trace is not null), .. corpus];
        var result = Campaign.Run(space, new RunOptions(Seed: 42, MaxTests: RunOptions.Scaled(400)) { Backend = backend }, new CampaignHooks { ReplayFirst = first, Store = store });
        output.WriteLine($"backend {backend}; replayed first: {saved.Count} saved failure(s), {corpus.Count} regression trace(s)");
        output.WriteLine($"{result.Tests} tests, {result.Commands} commands in {result.Elapsed.TotalMilliseconds:F0} ms");
        foreach (var (k, v) in result.Coverage.Counts)
        {
            output.WriteLine($"  {k}: {v}");
        }
        Assert.True(result.Passed, result.Counterexample is { } ce ? CounterexampleReport.Format(ce) : "");
        Assert.Equal(first.Count, result.Replayed.Count);
        // Not vacuous: every label the generators claim to reach was reached, for every granule drawn.
        Assert.Empty(result.Coverage.Missing(result.Coverage.Expected(layer, result.Geometries)));
        foreach (var granule in new[] { 12, 14, 16 })
        {
            Assert.True(result.Coverage[Coverage.ForGranule(granule, Coverage.ConcatenatedRoot)] > 0, $"{1 << (granule - 10)}k: no write into a root page after the first");
        }
        if (layer == Layer.Stage2)
        {
            Assert.True(result.Coverage[Coverage.ForGranule(16, Coverage.HighOutput)] > 0, "64k: no output address at or above 2^48");
            Assert.True(result.Coverage["tests: stage2 16k ia 48"] > 0, "16k with a level-1 start level was never drawn");
        }
    }

    // Every geometry the swarm can draw is one the configuration check accepts, and each is drawn.
    [Theory]
    [InlineData(Layer.Stage2)]
    [InlineData(Layer.Host)]
    public void Swarm_DrawsValidConfigurationsOfEveryGranule(Layer layer)
    {
        var configs = FsCheck.Fluent.Gen.Sample(Generators.ConfigGenerators.For(layer), 300, new FsCheck.Rnd(7UL), 10);
        Assert.All(configs, c => Assert.Null(ConfigCheck.Problem(c)));
        Assert.Equal([Implementation.Granule.Size4K, Implementation.Granule.Size16K, Implementation.Granule.Size64K], configs.Select(c => c.Granule).Distinct().Order());
        Assert.All(configs, c => Assert.True(c.Fixes.HasFlag(Implementation.Fix.PageSizedAnnotations)));
    }
}
