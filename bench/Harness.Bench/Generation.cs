using BenchmarkDotNet.Attributes;
using Harness.Properties;

namespace Harness.Bench;

/// <summary>
/// What a campaign spends drawing its tests before running any: the default campaign's generator (FsCheck,
/// seed 1, 200 tests of up to 60 commands per layer), nothing run. Divide the mean by the command count
/// printed at setup for the cost of one command.
/// </summary>
[MemoryDiagnoser]
public class Generation
{
    [Params(Layer.Stage2, Layer.Host)]
    public Layer Layer { get; set; }

    [GlobalSetup]
    public void Setup() =>
        Console.WriteLine($"// workload: {Layer}, {Draw()} commands");

    [Benchmark]
    public long Draw() => BenchWorkload.Of(Layer).Commands;
}
