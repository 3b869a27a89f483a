using Harness.Model;

namespace Harness.Properties.Oracle;

/// <summary>
/// What the shadow's leaves say of each page, in the model's terms: a range cut at the leaves' edges, in
/// address order, each part with the state it shows. A gap between leaves is unmapped and owned by the
/// host; each page of a leaf maps to the leaf's output plus its offset, one delta for the whole leaf.
/// </summary>
/// <remarks>
/// The walk hands each part to a struct visitor as it goes, with no list of leaves in between: the
/// ownership claim runs over every range a command touched, and a list and an iterator per leaf cost more
/// than the command's own walk did.
/// </remarks>
public static class ObservedPages
{
    /// <summary>Fills <paramref name="into"/> with the runs of <c>[start, end)</c> in address order; equal neighbours are joined.</summary>
    public static void Runs(TableShadow shadow, ulong start, ulong end, List<(ulong Start, ulong End, PageState State)> into)
    {
        into.Clear();
        var collect = new RunCollector(into);
        Walk(shadow, start, end, ref collect);
    }

    /// <summary>The first page of <c>[start, end)</c> whose observed state differs from the model's, with both.</summary>
    public static (ulong Page, PageState Model, PageState Table)? FirstDifference(TableShadow shadow, PageMap<PageState> model, ulong start, ulong end)
    {
        var compare = new ModelComparer(model);
        return Walk(shadow, start, end, ref compare) ? null : compare.Difference;
    }

    /// <summary>
    /// As <see cref="FirstDifference(TableShadow, PageMap{PageState}, ulong, ulong)"/> over the whole table,
    /// from its leaves already gathered as runs in address order (a sweep's <see cref="Scope.LeafRuns"/>):
    /// the same parts without a second walk of every page.
    /// </summary>
    public static (ulong Page, PageState Model, PageState Table)? FirstDifference(ReadOnlySpan<LeafRun> runs, PageMap<PageState> model, ulong end)
    {
        var compare = new ModelComparer(model);
        var pos = 0UL;
        foreach (ref readonly var run in runs)
        {
            // As the walk does, nothing at or past the end of the address space is compared.
            if (run.Start >= end)
            {
                break;
            }
            if (run.Start > pos && !compare.Part(pos, run.Start, PageState.Unmapped))
            {
                return compare.Difference;
            }
            var runEnd = Math.Min(run.End, end);
            if (!compare.Part(run.Start, runEnd, SpecEncoding.StateOf(run.First.Pte, run.Start, run.PageShift)))
            {
                return compare.Difference;
            }
            pos = runEnd;
        }
        return pos >= end || compare.Part(pos, end, PageState.Unmapped) ? null : compare.Difference;
    }

    /// <summary>The first part of <c>[start, end)</c> whose state is not <paramref name="state"/>: its start, or <paramref name="end"/>.</summary>
    public static ulong FirstNotIn(TableShadow shadow, ulong start, ulong end, PageState state)
    {
        var find = new FirstOther(state, end);
        Walk(shadow, start, end, ref find);
        return find.Found;
    }

    /// <summary>Receives the parts of a range in address order; returns false to stop the walk.</summary>
    private interface IPartVisitor
    {
        bool Part(ulong start, ulong end, in PageState state);
    }

    /// <summary>Walks the stage-2 shadow over <c>[start, end)</c>; false when the visitor stopped it.</summary>
    private static bool Walk<T>(TableShadow shadow, ulong start, ulong end, ref T visitor)
        where T : struct, IPartVisitor
    {
        var geo = shadow.Geometry;
        var pos = start;
        // A root the range misses has no slot in it (ShadowPage.SlotsOverlapping): no check of its own.
        foreach (var root in shadow.Roots)
        {
            if (!WalkPage(shadow, geo, root, start, end, ref pos, ref visitor))
            {
                return false;
            }
        }
        return pos >= end || visitor.Part(pos, end, PageState.Unmapped);
    }

    /// <summary>The leaves of <paramref name="page"/> and the tables below it, each after the gap before it; <paramref name="pos"/> is where the last part ended.</summary>
    private static bool WalkPage<T>(TableShadow shadow, SpecGeometry geo, ShadowPage page, ulong start, ulong end, ref ulong pos, ref T visitor)
        where T : struct, IPartVisitor
    {
        var (first, last) = page.SlotsOverlapping(start, end);
        var entries = page.Entries;
        for (var i = page.NextNonZero(first, last); i >= 0;)
        {
            var slot = page.SlotStart(i);
            var d = new Descriptor(entries[i]);
            if (d.IsTable(page.Level))
            {
                if (shadow.LinkedChild(page, i) is { } child && !WalkPage(shadow, geo, child, start, end, ref pos, ref visitor))
                {
                    return false;
                }
                i = page.NextNonZero(i + 1, last);
                continue;
            }
            // The leaves of a run (LeafRun) show every page the same state: one part for all of them.
            var j = page.RunEnd(i, last, geo.PageShift);
            var s = Math.Max(slot, start);
            var e = Math.Min(page.SlotStart(j), end);
            if (s > pos && !visitor.Part(pos, s, PageState.Unmapped))
            {
                return false;
            }
            if (!visitor.Part(s, e, SpecEncoding.StateOf(d, slot, geo.PageShift)))
            {
                return false;
            }
            pos = e;
            i = page.NextNonZero(j, last);
        }
        return true;
    }

    /// <summary>Joins equal neighbours into runs.</summary>
    private readonly struct RunCollector(List<(ulong Start, ulong End, PageState State)> into) : IPartVisitor
    {
        public bool Part(ulong start, ulong end, in PageState state)
        {
            if (into.Count > 0 && into[^1].End == start && into[^1].State.Equals(state))
            {
                into[^1] = (into[^1].Start, end, state);
                return true;
            }
            into.Add((start, end, state));
            return true;
        }
    }

    /// <summary>Compares each part with the model's runs over it, following the model as the parts advance.</summary>
    private struct ModelComparer(PageMap<PageState> model) : IPartVisitor
    {
        private PageState _expected;
        private ulong _runEnd;

        public (ulong Page, PageState Model, PageState Table)? Difference { get; private set; }

        public bool Part(ulong start, ulong end, in PageState state)
        {
            for (var pos = start; pos < end;)
            {
                // Parts come in address order, so the run found last holds until its end.
                if (pos >= _runEnd)
                {
                    (_expected, _runEnd) = model.RunAt(pos);
                }
                if (!_expected.Equals(state))
                {
                    Difference = (pos, _expected, state);
                    return false;
                }
                pos = _runEnd;
            }
            return true;
        }
    }

    /// <summary>Stops at the first part whose state is not the one given.</summary>
    private struct FirstOther(PageState state, ulong end) : IPartVisitor
    {
        public ulong Found { get; private set; } = end;

        public bool Part(ulong start, ulong end, in PageState seen)
        {
            if (seen.Equals(state))
            {
                return true;
            }
            Found = start;
            return false;
        }
    }
}
