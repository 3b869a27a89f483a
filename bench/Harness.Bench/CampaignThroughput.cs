using BenchmarkDotNet.Attributes;
using Harness.Properties;
using Harness.Properties.Runner;

namespace Harness.Bench;

/// <summary>How many commands per second does a default campaign check, invariants and all?</summary>
[MemoryDiagnoser]
public class CampaignThroughput
{
    [Params(Layer.Stage2, Layer.Host)]
    public Layer Layer { get; set; }

    /// <summary>One default campaign of 100 tests; divide the commands it reports by the time.</summary>
    [Benchmark]
    public long DefaultCampaign_100Tests()
    {
        var config = Layer == Layer.Stage2 ? HarnessConfig.Stage2Default : HarnessConfig.HostDefault;
        return Campaign.Run(config, new RunOptions(Seed: 1, MaxTests: 100)).Commands;
    }
}
