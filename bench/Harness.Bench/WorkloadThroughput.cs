using BenchmarkDotNet.Attributes;
using Harness.Properties;
using Harness.Properties.Backends;
using Harness.Properties.Runner;

namespace Harness.Bench;

/// <summary>
/// The default campaign's own test cases (seed 1, 200 tests of up to 60 commands per layer, generation
/// excluded) run unchecked, checked, paranoid, and unchecked on the kernel backend: the ratios of
/// docs/performance.md. Divide the workload's command count (printed at setup) by the mean time.
/// </summary>
[MemoryDiagnoser]
public class WorkloadThroughput
{
    private Workload _workload = null!;
    private RunSettings _settings = null!;

    [Params(Layer.Stage2, Layer.Host)]
    public Layer Layer { get; set; }

    [Params("unchecked", "checked", "paranoid", "kernel")]
    public string Mode { get; set; } = "checked";

    [GlobalSetup]
    public void Setup()
    {
        _workload = BenchWorkload.Of(Layer);
        _settings = Mode switch
        {
            "unchecked" => new RunSettings { Checked = false, KeepSteps = false },
            "paranoid" => new RunSettings { Paranoid = true, KeepSteps = false },
            "kernel" => new RunSettings { Checked = false, KeepSteps = false, Backend = BackendChoice.Kernel },
            _ => new RunSettings { KeepSteps = false },
        };
        Console.WriteLine($"// workload: {Layer}, {_workload.Cases.Count} tests, {_workload.Commands} commands");
    }

    [Benchmark]
    public long RunWorkload() => _workload.Run(_settings);
}
