using Harness.Implementation;
using Harness.Model;
using Harness.Properties.Commands;

namespace Harness.Properties.Runner;

/// <summary>
/// Drives every page allocation of one target command into -ENOMEM (spec 3.2, 5.3.3, 6.2 step 5, 8.21).
/// The case runs once without injection to count the target's allocation attempts A and to record
/// what it returns; then, for each n in 1..A, a fresh world runs the prefix, <c>fail_alloc n</c>, the
/// target, <c>fail_alloc 0</c> and a retry, all through <see cref="Execution"/>, so the postcondition
/// and every invariant hold after each step (pool accounting: nothing leaked). Claims on top:
/// <list type="bullet">
/// <item>the target returns -ENOMEM, except an MMIO fault, which recycles the MMIO tables and maps
/// again (spec 6.2 step 5), so returns what it returned without injection;</item>
/// <item>the retry returns what the target returned without injection, and leaves the model (who owns
/// and maps each page) exactly where the run without injection left it.</item>
/// </list>
/// The retry is the target again for a fault; for map, set_owner and donate it is the part of the
/// range the failed call did not reach (the -ENOMEM prefix of spec 8.21 stays applied): a v5.13 map
/// re-issued whole stops with -EAGAIN at the first leaf it already wrote (spec 5.3.1), and a donation
/// re-issued whole is refused for the pages already given (-EPERM). A donation whose host stage 2 was
/// complete when the hypervisor's stage 1 ran out has nothing left to retry; those, and donations
/// whose applied prefix never reached the hypervisor's stage 1, are counted under
/// <see cref="StrandedKey"/>. Coverage keys: <c>KIND: allocations failed</c>, <c>KIND: returned -ENOMEM</c>,
/// <c>KIND: retry succeeded</c>, <c>fault: recovered by MMIO recycling</c>, <c>donate: nothing left to
/// retry</c>, and <c>failed allocation: TABLE</c> for the table each failed page was meant to become.
/// </summary>
public sealed class AllocationPoints(HarnessConfig config, Coverage? coverage = null)
{
    /// <summary>
    /// The coverage key of donation injections after which the hypervisor owns pages its stage 1 does
    /// not map: counted, not refused, since spec 7.2 makes a failed apply phase only a warning.
    /// </summary>
    public const string StrandedKey = "donate: left donated pages unmapped at EL2";

    private const string Recovered = "recovered by MMIO recycling";

    /// <summary>Checks every allocation point of <paramref name="c"/>; the first broken claim, or null.</summary>
    public AllocationPointFailure? Check(InjectionCase c)
    {
        var before = Execution.Run(config, c.Prefix);
        if (before.Violation is { } pv)
        {
            return new AllocationPointFailure(c, 0, 0, before, before.FailedAt, pv);
        }
        var baseline = Execution.Run(config, [.. c.Prefix, c.Target]);
        if (baseline.Violation is { } bv)
        {
            return new AllocationPointFailure(c, 0, 0, baseline, baseline.FailedAt, bv);
        }
        if (baseline.Steps.Count == before.Steps.Count)
        {
            throw new ArgumentException($"{c.Target} does not belong to the {config.Layer} layer", nameof(c));
        }
        var points = baseline.World.Faults.Attempts - before.World.Faults.Attempts;
        var run = new Baseline(baseline, baseline.Steps[^1].Result, c.Target.Step(before.World), Labels(baseline.World));
        for (var n = 1L; n <= points; n++)
        {
            if (CheckPoint(c, n, points, run) is { } f)
            {
                return f;
            }
        }
        return null;
    }

    /// <summary>What the target did without injection: the run, its result, the model's expectation before it, and a label per allocation.</summary>
    private sealed record Baseline(Execution Run, Errno Result, Expectation Expectation, IReadOnlyList<string> Labels);

    private AllocationPointFailure? CheckPoint(InjectionCase c, long n, long points, Baseline b)
    {
        List<Command> injected = [.. c.Prefix, new FailAlloc((ulong)n), c.Target];
        var x = Execution.Run(config, injected);
        if (x.Violation is { } v)
        {
            return new AllocationPointFailure(c, n, points, x, x.FailedAt, v);
        }
        var at = x.Steps.Count - 1;
        var first = x.Steps[at].Result;
        var target = c.Target.ToString();
        if (c.Target is Fault f && !x.World.Host!.IsMemory(f.Addr))
        {
            if (first != b.Result)
            {
                return new AllocationPointFailure(c, n, points, x, at, new Violation(
                    "MMIO fault recovers from -ENOMEM",
                    $"{target} returned {ErrnoText.Name(first)} with allocation {n} of {points} failing; spec 6.2 step 5 recycles the MMIO tables and maps again",
                    null, ErrnoText.Name(b.Result), ErrnoText.Name(first)));
            }
            Record(c, n, b, Recovered);
            return null;
        }
        if (first != Errno.ENOMEM)
        {
            return new AllocationPointFailure(c, n, points, x, at, new Violation(
                "-ENOMEM at every allocation point",
                $"{target} returned {ErrnoText.Name(first)} though allocation {n} of its {points} failed",
                null, "-ENOMEM", ErrnoText.Name(first)));
        }
        if (Retry(c.Target, b.Expectation, x.World) is not { } retry)
        {
            Record(c, n, b, "nothing left to retry");
            RecordUnmappedHypPages(x.World);
            return null;
        }
        var y = Execution.Run(config, [.. injected, new FailAlloc(0), retry]);
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
        if (FirstDifference(y.World, b.Run.World) is var (page, expected, actual))
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

    /// <summary>Counts one injection of <paramref name="c"/>'s kind, its outcome, and the table the failed allocation was for.</summary>
    private void Record(InjectionCase c, long n, Baseline b, string outcome)
    {
        if (coverage is null)
        {
            return;
        }
        coverage.Add($"{c.Kind}: allocations failed");
        coverage.Add($"{c.Kind}: {outcome}");
        if (outcome != Recovered)
        {
            coverage.Add($"{c.Kind}: returned -ENOMEM");
        }
        coverage.Add($"failed allocation: {(n <= b.Labels.Count ? b.Labels[(int)(n - 1)] : "unlabelled")}");
    }

    /// <summary>Counts a donation injection after which the hypervisor owns pages its stage 1 does not map.</summary>
    private void RecordUnmappedHypPages(World w)
    {
        if (coverage is not null && UnmappedHypPages(w) > 0)
        {
            coverage.Add(StrandedKey);
        }
    }

    /// <summary>
    /// The command that finishes what the failed target left undone, or null when nothing is left: the
    /// target again, or the target from the first page not yet changed to the end of its walk (spec 4.1:
    /// the walk ends at the page boundary after the page-aligned start plus the size).
    /// </summary>
    private static Command? Retry(Command target, Expectation e, World after)
    {
        if (target is Fault)
        {
            return target;
        }
        if (FirstNotDone(after, e) is not { } a)
        {
            // Every page already changed: only a donation can fail after that, in the hypervisor's stage 1.
            return target is Donate ? null : target;
        }
        return target switch
        {
            Map m when a > m.Addr => m with { Addr = a, Size = e.Range.End - a, Phys = a - m.Addr + m.Phys },
            SetOwner o when a > o.Addr => o with { Addr = a, Size = e.Range.End - a },
            Donate d when a > d.Addr => d with { Addr = a, Size = e.Range.End - a },
            _ => target,
        };
    }

    /// <summary>The first page of the expectation's range that the model does not yet show in its new state.</summary>
    private static ulong? FirstNotDone(World w, Expectation e)
    {
        if (w.Stage2Model is { } m)
        {
            foreach (var (start, _, state) in m.Pages.Runs(e.Range.Start, e.Range.End))
            {
                if (!state.Equals(e.NewState))
                {
                    return start;
                }
            }
            return null;
        }
        foreach (var (start, _, owner) in w.HostModel!.Owners.Runs(e.Range.Start, e.Range.End))
        {
            if (owner != e.NewState.Owner)
            {
                return start;
            }
        }
        return null;
    }

    /// <summary>The first page where the two worlds' models differ, with <paramref name="expected"/>'s value and <paramref name="actual"/>'s.</summary>
    private static (ulong Page, string Expected, string Actual)? FirstDifference(World actual, World expected)
    {
        var limit = 1UL << actual.Geometry.IaBits;
        if (actual.Stage2Model is { } m)
        {
            return m.Pages.FirstDifference(expected.Stage2Model!.Pages, 0, limit) is var (p, mine, theirs) ? (p, theirs.ToString(), mine.ToString()) : null;
        }
        return actual.HostModel!.Owners.FirstDifference(expected.HostModel!.Owners, 0, limit) is var (a, o, t) ? (a, $"owner {t}", $"owner {o}") : null;
    }

    /// <summary>Pages the model gives the hypervisor that its stage 1 does not map.</summary>
    private static long UnmappedHypPages(World w)
    {
        if (w.ObservedHyp is not { } hyp)
        {
            return 0;
        }
        var leaves = hyp.Leaves.Where(l => l.Pte.IsValid).Select(l => (Start: l.Pte.OutputAddress(w.Geometry.PageShift), Size: l.End - l.Start)).ToList();
        long pages = 0;
        foreach (var (start, end, owner) in w.HostModel!.Owners.Runs(0, 1UL << w.Geometry.IaBits))
        {
            if (owner != HostModel.Hyp)
            {
                continue;
            }
            var covered = 0UL;
            foreach (var (s, size) in leaves)
            {
                var (from, to) = (Math.Max(start, s), Math.Min(end, s + size));
                covered += to > from ? to - from : 0;
            }
            pages += (long)(((end - start) - covered) >> w.Geometry.PageShift);
        }
        return pages;
    }

    /// <summary>
    /// For each allocation the last command of <paramref name="w"/> attempted, in order: what the page
    /// became, e.g. <c>L3 table (mem pool)</c> or <c>hyp stage-1 L2 table</c>, from the table descriptor
    /// that links it.
    /// </summary>
    private static List<string> Labels(World w)
    {
        var allocs = new List<ulong?>();
        var linkedAt = new Dictionary<ulong, int>();
        foreach (var e in w.Log.Since(0))
        {
            switch (e.Kind)
            {
                case EventKind.Alloc:
                    allocs.Add(e.Pa);
                    break;
                case EventKind.AllocFailed:
                    allocs.Add(null);
                    break;
                case EventKind.PteWrite when new Pte(e.New).IsTable(e.Level):
                    linkedAt.TryAdd(new Pte(e.New).OutputAddress(w.Geometry.PageShift), e.Level + 1);
                    break;
            }
        }
        return [.. allocs.Select(pa => pa is not { } p ? "an exhausted pool"
            : w.Pgt.Mm.PoolOf(p)?.Name is not { } pool ? "a page outside every pool"
            : !linkedAt.TryGetValue(p, out var level) ? $"an unlinked page ({pool} pool)"
            : pool == "hyp" ? $"hyp stage-1 L{level} table"
            : w.Host is null ? $"L{level} table"
            : $"L{level} table ({pool} pool)")];
    }
}
