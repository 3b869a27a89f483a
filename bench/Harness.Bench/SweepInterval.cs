using BenchmarkDotNet.Attributes;
using Harness.Properties;
using Harness.Properties.Runner;

namespace Harness.Bench;

/// <summary>
/// What the interval between whole-table sweeps costs, on the stage-2 workload with tests long enough
/// for the interval to matter (up to 200 commands): the measurement behind the default of
/// <see cref="RunSettings.DefaultFullCheckEvery"/>.
/// </summary>
[MemoryDiagnoser]
public class SweepInterval
{
    private Workload _workload = null!;

    [Params(1, 16, 64, 256)]
    public int FullCheckEvery { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workload = Workload.Of(ConfigSpace.Swarm(Layer.Stage2), new RunOptions(Seed: 1, MaxTests: 100, MaxCommands: 200));
        Console.WriteLine($"// workload: {_workload.Cases.Count} tests, {_workload.Commands} commands");
    }

    [Benchmark]
    public long RunWorkload() => _workload.Run(new RunSettings { FullCheckEvery = FullCheckEvery, KeepSteps = false });
}
