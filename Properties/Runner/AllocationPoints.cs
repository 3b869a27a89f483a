using Harness.Implementation;
using Harness.Model;
using Harness.Properties.Commands;
using Harness.Properties.Invariants;
using Harness.Properties.Oracle;

namespace Harness.Properties.Runner;

/// <summary>
/// Drives every page allocation of one target command into -ENOMEM (spec 3.2, 5.3.3, 6.2 step 5, 8.21).
/// The case runs once without injection to count the target's allocation attempts A and to record what
/// it returns; then, for each n in 1..A, a fresh world runs the prefix, <c>fail_alloc n</c>, the target,
/// <c>fail_alloc 0</c> and a retry, all through <see cref="Execution"/>, so the postcondition and every
/// claim hold after each step (pool accounting: nothing leaked). Claims on top:
/// <list type="bullet">
/// <item>the target returns -ENOMEM, except an MMIO fault, which recycles the MMIO tables and maps again
/// (spec 6.2 step 5), so returns what it returned without injection;</item>
/// <item>the retry (the target's kind says what is left to do) returns what the target returned without
/// injection, and leaves every page owned as the run without injection left it, and every page of the
/// target's range mapped alike; outside the range a mapping may differ, since the spec lets a split
/// drop the rest of a block and the host fault it back (spec 5.3.3), whichever run did it.</item>
/// </list>
/// </summary>
public sealed class AllocationPoints(RunOptions options, Coverage? coverage = null)
{
    /// <summary>The coverage key of donation injections after which the hypervisor owns pages its stage 1 does not map.</summary>
    public const string StrandedKey = "donate: left donated pages unmapped at EL2";

    public const string Recovered = "recovered by MMIO recycling";

    private RunSettings Settings => options.Settings();

    /// <summary>Checks every allocation point of <paramref name="c"/>; the first broken claim, or null.</summary>
    public AllocationPointFailure? Check(InjectionCase c)
    {
        var before = Execution.Run(c.Config, c.Prefix, Settings);
        if (before.Violation is { } pv)
        {
            return new AllocationPointFailure(c, 0, 0, before, before.FailedAt, pv);
        }
        var labels = new AllocationLabels();
        var expectation = c.Target.Pre(before.World) ? c.Target.Step(before.World) : null;
        var baseline = Execution.Run(c.Config, [.. c.Prefix, c.Target], Settings);
        if (baseline.Violation is { } bv)
        {
            return new AllocationPointFailure(c, 0, 0, baseline, baseline.FailedAt, bv);
        }
        if (expectation is null || baseline.Steps.Count == before.Steps.Count)
        {
            throw new ArgumentException($"{c.Target} does not belong to the {c.Config.Layer} layer", nameof(c));
        }
        var points = baseline.World.System.AllocAttempts - before.World.System.AllocAttempts;
        labels.Record(c.Config, c.Prefix, c.Target, Settings);
        var run = new Baseline(baseline, baseline.Steps[^1].Result, expectation, labels.Labels);
        for (var n = 1L; n <= points; n++)
        {
            if (CheckPoint(c, n, points, run) is { } f)
            {
                return f;
            }
        }
        return null;
    }

    private sealed record Baseline(Execution Run, Errno Result, Expectation Expectation, IReadOnlyList<string> Labels);

    private AllocationPointFailure? CheckPoint(InjectionCase c, long n, long points, Baseline b)
    {
        List<Command> injected = [.. c.Prefix, new FailAlloc((ulong)n), c.Target];
        var x = Execution.Run(c.Config, injected, Settings);
        if (x.Violation is { } v)
        {
            return new AllocationPointFailure(c, n, points, x, x.FailedAt, v);
        }
        var at = x.Steps.Count - 1;
        var first = x.Steps[at].Result;
        var target = c.Target.ToString();
        if (c.Target is Fault f && x.World is HostWorld h && !h.Model.IsMemory(f.Addr) && f.Addr < x.World.Geometry.Limit)
        {
            if (first != b.Result)
            {
                return new AllocationPointFailure(c, n, points, x, at, new Violation(
                    "MMIO fault recovers from -ENOMEM",
                    $"{target} returned {ErrnoText.Name(first)} with allocation {n} of {points} failing; spec 6.2 step 5 recycles the MMIO tables and maps again",
                    null, ErrnoText.Name(b.Result), ErrnoText.Name(first)));
            }
            Record(c, n, b, x.World.Stats.AllocFailures > 0 ? Recovered : "nothing failed");
            return null;
        }
        if (first != Errno.ENOMEM)
        {
            return new AllocationPointFailure(c, n, points, x, at, new Violation(
                "-ENOMEM at every allocation point",
                $"{target} returned {ErrnoText.Name(first)} though allocation {n} of its {points} failed",
                null, "-ENOMEM", ErrnoText.Name(first)));
        }
        var retry = c.Target.Kind.Remainder!(c.Target, b.Expectation, FirstNotDone(x.World, b.Expectation));
        if (retry is null)
        {
            Record(c, n, b, "nothing left to retry");
            RecordUnmappedHypPages(x.World);
            return null;
        }
        var y = Execution.Run(c.Config, [.. injected, new FailAlloc(0), retry], Settings);
        if (y.Violation is { } rv)
        {
            return new AllocationPointFailure(c, n, points, y, y.FailedAt, rv);
        }
        at = y.Steps.Count - 1;
        var second = y.Steps[at].Result;
        if (second != b.Result)
        {
            return new AllocationPointFailure(c, n, points, y, at, new Violation(
                "retry succeeds",
                $"{retry} after -ENOMEM returned {ErrnoText.Name(second)}; without injection {target} returned {ErrnoText.Name(b.Result)}",
                null, ErrnoText.Name(b.Result), ErrnoText.Name(second)));
        }
        if (FirstDifference(y.World.ModelPages, b.Run.World.ModelPages, b.Expectation.Range, y.World.Geometry.Limit) is var (page, expected, actual))
        {
            return new AllocationPointFailure(c, n, points, y, at, new Violation(
                "retry reaches the outcome without injection",
                $"after {retry} the model differs from the run without injection", page, expected, actual));
        }
        Record(c, n, b, "retry succeeded");
        if (c.Target is Donate)
        {
            RecordUnmappedHypPages(y.World);
        }
        return null;
    }

    private void Record(InjectionCase c, long n, Baseline b, string outcome)
    {
        if (coverage is null)
        {
            return;
        }
        coverage.Add($"{c.Kind}: allocations failed");
        coverage.Add($"{c.Kind}: {outcome}");
        if (c.Target is not Fault || c.Config.Memory.Any(r => ((Fault)c.Target).Addr >= r.Start && ((Fault)c.Target).Addr < r.End))
        {
            coverage.Add($"{c.Kind}: returned -ENOMEM");
        }
        coverage.Add($"failed allocation: {(n <= b.Labels.Count ? b.Labels[(int)(n - 1)] : "unlabelled")}");
    }

    private void RecordUnmappedHypPages(World w)
    {
        if (coverage is not null && w.Shadow is { HypRoot: not null } shadow && UnmappedHypPages(w, shadow))
        {
            coverage.Add(StrandedKey);
        }
    }

    /// <summary>The first page of the expectation's range that the model does not yet show in its new state.</summary>
    private static ulong? FirstNotDone(World w, Expectation e)
    {
        foreach (var (start, _, state) in w.ModelPages.Runs(e.Range.Start, e.Range.End))
        {
            if (!state.Equals(e.NewState))
            {
                return start;
            }
        }
        return null;
    }

    /// <summary>
    /// The first page where the two models differ in what must not differ: the owner of any page, or the
    /// mapping of a page of <paramref name="range"/>.
    /// </summary>
    private static (ulong Page, string Expected, string Actual)? FirstDifference(PageMap<PageState> actual, PageMap<PageState> expected, PageRange range, ulong limit)
    {
        foreach (var (s, e, mine) in actual.Runs(0, limit))
        {
            foreach (var (t, _, theirs) in expected.Runs(s, e))
            {
                var inRange = range.Contains(t);
                if (mine.Owner != theirs.Owner || (inRange && !mine.Equals(theirs)))
                {
                    return (t, theirs.ToString(), mine.ToString());
                }
            }
        }
        return null;
    }

    /// <summary>Whether the model gives the hypervisor a page its stage 1 does not map.</summary>
    private static bool UnmappedHypPages(World w, TableShadow shadow)
    {
        var leaves = new List<LeafView>();
        ShadowLeaves.Collect(shadow, true, 0, ulong.MaxValue, leaves);
        foreach (var (start, end, state) in w.ModelPages.Runs(0, w.Geometry.Limit))
        {
            if (state.Owner != 1)
            {
                continue;
            }
            var covered = 0UL;
            foreach (var l in leaves.Where(l => l.Pte.IsValid))
            {
                var (from, to) = (Math.Max(start, l.Start), Math.Min(end, l.End));
                covered += to > from ? to - from : 0;
            }
            if (covered < end - start)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>For each allocation the target attempts, in order: what the page became, e.g. <c>L3 table (mem pool)</c>.</summary>
    private sealed class AllocationLabels : StepWatcher
    {
        private readonly List<ulong?> _allocs = [];
        private readonly Dictionary<ulong, (int Level, bool Hyp)> _linked = [];
        private TableShadow? _shadow;

        public List<string> Labels { get; } = [];

        public void Record(HarnessConfig config, IReadOnlyList<Command> prefix, Command target, RunSettings settings)
        {
            var world = World.Create(config, settings.Backend, true, out _) ?? throw new ArgumentException("configuration", nameof(config));
            _shadow = world.Shadow;
            world.Observe(this);
            // Each step starts the lists afresh, so what is left after the run is the target's.
            Execution.Run(world, [.. prefix, target], settings);
            world.Dispose();
            Labels.AddRange(_allocs.Select(pa => pa is not { } p ? "an exhausted pool"
                : _shadow?.PoolOf(p, out var pool, out _) != true ? "a page outside every pool"
                : !_linked.TryGetValue(p, out var l) ? $"an unlinked page ({_shadow.Pools[pool].Info.Name} pool)"
                : l.Hyp ? $"hyp stage-1 L{l.Level} table"
                : config.Layer == Layer.Stage2 ? $"L{l.Level} table" : $"L{l.Level} table ({_shadow.Pools[pool].Info.Name} pool)"));
        }

        public override void BeginStep(StepContext step)
        {
            _allocs.Clear();
            _linked.Clear();
        }

        public override void OnWrite(in WriteContext w)
        {
            if (w.Page is { } page && w.New.IsTable(w.Level))
            {
                _linked.TryAdd(w.New.OutputAddress(_shadow!.Geometry.PageShift), (w.Level + 1, page.IsHyp));
            }
        }

        public override void OnEvent(in Implementation.Event e)
        {
            if (e.Kind == EventKind.Alloc)
            {
                _allocs.Add(e.Pa);
            }
            else if (e.Kind == EventKind.AllocFailed)
            {
                _allocs.Add(null);
            }
        }

        public override Violation? EndStep() => null;
    }
}
