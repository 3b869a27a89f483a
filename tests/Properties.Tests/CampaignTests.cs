using Harness.Implementation;
using Harness.Properties;
using Harness.Properties.Report;
using Harness.Properties.Runner;

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

    // The whole command sequence over one layer and geometry finds no counterexample.
    [Theory]
    [MemberData(nameof(Configurations))]
    public void DefaultCampaign_FindsNoCounterexample(Layer layer, Granule granule, int ia)
    {
        var config = HarnessConfig.For(layer, granule, ia);
        var result = Campaign.Run(config, new RunOptions(Seed: 42, MaxTests: RunOptions.Scaled(100)));
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
