using Harness.Implementation;
using Harness.Properties.Backends;
using Harness.Properties.Runner;
using Harness.Properties.Trace;

namespace Harness.Properties.Tests.Kernel;

/// <summary>
/// The port against the kernel's own code (profile build), byte for byte: each trace is replayed on both
/// with <c>--dump --log</c> (<see cref="TraceDiff"/>) and must print the same output. A difference is a bug
/// on one side: replay the trace with <c>replay FILE --dump --log</c> and again with <c>--backend kernel</c>,
/// fix the side that departs from v5.13, and keep the trace in <c>tests/regressions/</c>.
/// </summary>
public class DiffTests(ITestOutputHelper output)
{
    private const ulong Seed = 1;

    /// <summary>Traces compared; enough that every layer, granule and fix item is drawn many times.</summary>
    private const int Traces = 300;

    /// <summary>Most commands per generated trace: the dump after each command dominates the time (about 7 s for 300 traces here).</summary>
    private const int Size = 30;

    // Generated traces of both layers, every granule and IPA size, any fix items: no difference, and the
    // draw covered every layer, granule and fix name.
    [Fact]
    public void GeneratedTraces_PrintTheSameOnBothBackends()
    {
        var kernel = KernelBackend.RequireOrSkip();
        var differ = new List<string>();
        var perGeometry = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var perFixSet = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var n = 0;
        foreach (var trace in TraceDiff.Generate(Traces, Seed, Size))
        {
            n++;
            var c = trace.Config;
            Count(perGeometry, $"{c.Layer.ToString().ToLowerInvariant()} {GranuleText.Format(c.Granule)}");
            Count(perFixSet, c.Fixes == Fix.None ? "(none)" : FixText.Format(c.Fixes));
            if (TraceDiff.Compare(trace, BackendChoice.Port, kernel) is { } d)
            {
                differ.Add(Describe($"generated trace {n}", d, TraceWriter.Write(trace)));
            }
        }
        output.WriteLine($"{n} traces (seed {Seed}, up to {Size} commands), {differ.Count} differ");
        foreach (var (k, v) in perGeometry.Concat(perFixSet.Select(p => KeyValuePair.Create("fixes " + p.Key, p.Value))))
        {
            output.WriteLine($"  {k}: {v}");
        }
        Assert.True(differ.Count == 0, string.Join("\n", differ));
        Assert.Equal(Traces, n);
        foreach (var layer in new[] { "stage2", "host" })
        {
            foreach (var granule in new[] { "4k", "16k", "64k" })
            {
                Assert.True(perGeometry.GetValueOrDefault($"{layer} {granule}") > 0, $"no {layer} trace with the {granule} granule");
            }
        }
        foreach (var (_, name) in FixText.All)
        {
            Assert.True(perFixSet.Any(p => p.Key.Split(", ").Contains(name)), $"no trace with fix {name}");
        }
        Assert.True(perFixSet.ContainsKey("(none)"), "no trace of the profile alone");
    }

    // The hand-written corpus and the seeded bugs' shrunk cases (tests/regressions/*.trace, traces no
    // generator of this run wrote) print the same on both backends.
    [Fact]
    public void RegressionCorpus_PrintsTheSameOnBothBackends()
    {
        var kernel = KernelBackend.RequireOrSkip();
        var corpus = SavedTrace.LoadAll(RepoPaths.Regressions);
        Assert.NotEmpty(corpus);
        var differ = new List<string>();
        foreach (var saved in corpus)
        {
            Assert.True(saved.Trace is not null, $"{saved.Path}: {saved.Error}");
            if (TraceDiff.Compare(saved.Trace, BackendChoice.Port, kernel) is { } d)
            {
                differ.Add(Describe(Path.GetFileName(saved.Path), d, null));
            }
        }
        output.WriteLine($"{corpus.Count} regression traces, {differ.Count} differ");
        Assert.True(differ.Count == 0, string.Join("\n", differ));
    }

    // Not vacuous: where the backends do differ, the comparison says so. The stock build's tail root page
    // (4K, ia 40: two root pages) starts at refcount 0, which the dump after the first command shows.
    [Fact]
    public void StockBuild_DiffersAtTheTailRootPageCount()
    {
        var stock = KernelBackend.RequireOrSkip(stock: true, Granule.Size4K);
        var trace = SavedTrace.Load(Path.Combine(RepoPaths.Regressions, "unmap-frees-tables.trace")).Trace!;
        Assert.Equal(new TraceDiff.Difference(7, "root 1 rc=1", "root 1 rc=0"), TraceDiff.Compare(trace, BackendChoice.Port, stock));
    }

    private static void Count(SortedDictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static string Describe(string name, TraceDiff.Difference d, string? trace) =>
        d.Error is { } error
            ? $"{name}: {error}"
            : $"{name}: differs at line {d.Line}\n  port:   {d.Left ?? "(ended)"}\n  kernel: {d.Right ?? "(ended)"}{(trace is null ? "" : "\n" + trace)}";
}
