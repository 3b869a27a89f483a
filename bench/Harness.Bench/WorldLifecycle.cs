using BenchmarkDotNet.Attributes;
using Harness.Properties;
using Harness.Properties.Backends;

namespace Harness.Bench;

/// <summary>
/// What every test pays before and after its commands: a world built for each configuration of the
/// default campaign's workload (200 tests per layer), swept deep when checked (as a test's end is), and
/// disposed. Divide the mean by 200 for one test's share.
/// </summary>
[MemoryDiagnoser]
public class WorldLifecycle
{
    private IReadOnlyList<HarnessConfig> _configs = null!;

    [Params(Layer.Stage2, Layer.Host)]
    public Layer Layer { get; set; }

    [Params(false, true)]
    public bool Checked { get; set; }

    [GlobalSetup]
    public void Setup() =>
        _configs = [.. BenchWorkload.Of(Layer).Cases.Select(c => c.Config)];

    [Benchmark]
    public int CreateSweepDispose()
    {
        var found = 0;
        foreach (var config in _configs)
        {
            using var world = World.Create(config, BackendChoice.Port, Checked, out _) ?? throw new InvalidOperationException("a workload configuration failed to build");
            found += world.Sweep(deep: true) is null ? 0 : 1;
        }
        return found;
    }
}
