using Harness.Properties;
using Harness.Properties.Runner;

namespace Harness.Bench;

/// <summary>
/// The benchmarks' workload: the default campaign's own test cases for a layer (seed 1), 200 tests of up
/// to 60 commands, a third of what <c>harness bench</c> runs, so that each benchmark's setup stays short.
/// </summary>
public static class BenchWorkload
{
    public static Workload Of(Layer layer) => Workload.Of(ConfigSpace.Swarm(layer), new RunOptions(Seed: 1, MaxTests: 200));
}
