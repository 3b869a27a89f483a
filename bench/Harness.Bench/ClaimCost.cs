using BenchmarkDotNet.Attributes;
using Harness.Properties;
using Harness.Properties.Invariants;
using Harness.Properties.Runner;

namespace Harness.Bench;

/// <summary>
/// What each claim costs: the checked workload of <see cref="WorkloadThroughput"/> with every claim but
/// one (<see cref="Without"/> names it), beside every claim ("none" left out) and no claim at all ("all"
/// left out). A new invariant's cost is the difference between "none" and its own row.
/// </summary>
[MemoryDiagnoser]
public class ClaimCost
{
    private Workload _workload = null!;
    private RunSettings _settings = null!;

    [Params(Layer.Stage2, Layer.Host)]
    public Layer Layer { get; set; }

    [ParamsSource(nameof(Claims))]
    public string Without { get; set; } = "none";

    public static IEnumerable<string> Claims => ["none", "all", .. Catalogue.All.Select(i => i.GetType().Name)];

    [GlobalSetup]
    public void Setup()
    {
        _workload = BenchWorkload.Of(Layer);
        IReadOnlyList<IInvariant> only = Without switch
        {
            "none" => Catalogue.All,
            "all" => [],
            _ => [.. Catalogue.All.Where(i => i.GetType().Name != Without)],
        };
        _settings = new RunSettings { KeepSteps = false, Only = only };
    }

    [Benchmark]
    public long RunWorkload() => _workload.Run(_settings);
}
