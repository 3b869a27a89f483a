using Harness.Model;

namespace Harness.Properties.Oracle;

/// <summary>What the shadow's leaves say of each page, in the model's terms: runs of equal <see cref="PageState"/>, gaps being zero leaves.</summary>
public static class ObservedPages
{
    /// <summary>Fills <paramref name="into"/> with the runs of <c>[start, end)</c> in address order; equal neighbours are joined.</summary>
    public static void Runs(TableShadow shadow, ulong start, ulong end, List<(ulong Start, ulong End, PageState State)> into)
    {
        into.Clear();
        var leaves = shadow.Scratch.ObservedLeaves;
        leaves.Clear();
        ShadowLeaves.Collect(shadow, false, start, end, leaves);
        var pos = start;
        foreach (var l in leaves)
        {
            var s = Math.Max(l.Start, start);
            var e = Math.Min(l.End, end);
            if (s > pos)
            {
                Add(into, pos, s, PageState.Unmapped);
            }
            // Each page of a leaf maps to the leaf's output plus its offset: one delta for the whole leaf.
            Add(into, s, e, SpecEncoding.StateOf(l.Pte, l.Start, shadow.Geometry.PageShift));
            pos = e;
        }
        if (pos < end)
        {
            Add(into, pos, end, PageState.Unmapped);
        }
    }

    /// <summary>The first page of <c>[start, end)</c> whose observed state differs from the model's, with both.</summary>
    public static (ulong Page, PageState Model, PageState Table)? FirstDifference(TableShadow shadow, PageMap<PageState> model, ulong start, ulong end)
    {
        var leaves = shadow.Scratch.ObservedLeaves;
        leaves.Clear();
        ShadowLeaves.Collect(shadow, false, start, end, leaves);
        return FirstDifference(shadow, model, leaves, start, end);
    }

    /// <summary>As above, with <paramref name="leaves"/> the non-zero leaves overlapping <c>[start, end)</c> in address order (a sweep has them already).</summary>
    public static (ulong Page, PageState Model, PageState Table)? FirstDifference(TableShadow shadow, PageMap<PageState> model, List<LeafView> leaves, ulong start, ulong end)
    {
        var pos = start;
        foreach (var l in leaves)
        {
            var s = Math.Max(l.Start, start);
            var e = Math.Min(l.End, end);
            if (s > pos && Differs(model, pos, s, PageState.Unmapped) is { } gap)
            {
                return gap;
            }
            if (Differs(model, s, e, SpecEncoding.StateOf(l.Pte, l.Start, shadow.Geometry.PageShift)) is { } leaf)
            {
                return leaf;
            }
            pos = e;
        }
        return pos < end ? Differs(model, pos, end, PageState.Unmapped) : null;
    }

    /// <summary>The first page of <c>[start, end)</c> the model does not give <paramref name="seen"/>.</summary>
    private static (ulong, PageState, PageState)? Differs(PageMap<PageState> model, ulong start, ulong end, PageState seen)
    {
        for (var pos = start; pos < end;)
        {
            var (expected, runEnd) = model.RunAt(pos);
            if (!expected.Equals(seen))
            {
                return (pos, expected, seen);
            }
            pos = runEnd;
        }
        return null;
    }

    private static void Add(List<(ulong Start, ulong End, PageState State)> runs, ulong s, ulong e, PageState state)
    {
        if (runs.Count > 0 && runs[^1].End == s && runs[^1].State.Equals(state))
        {
            runs[^1] = (runs[^1].Start, e, state);
            return;
        }
        runs.Add((s, e, state));
    }
}
