using Harness.Model;

namespace Harness.Properties.Oracle;

/// <summary>What the shadow's leaves say of each page, in the model's terms: runs of equal <see cref="PageState"/>, gaps being zero leaves.</summary>
public static class ObservedPages
{
    /// <summary>The runs of <c>[start, end)</c> in address order; equal neighbours are joined.</summary>
    public static List<(ulong Start, ulong End, PageState State)> Runs(TableShadow shadow, ulong start, ulong end)
    {
        var leaves = new List<LeafView>();
        ShadowLeaves.Collect(shadow, false, start, end, leaves);
        var runs = new List<(ulong Start, ulong End, PageState State)>();
        var pos = start;
        foreach (var l in leaves)
        {
            var s = Math.Max(l.Start, start);
            var e = Math.Min(l.End, end);
            if (s > pos)
            {
                Add(runs, pos, s, PageState.Unmapped);
            }
            // Each page of a leaf maps to the leaf's output plus its offset: one delta for the whole leaf.
            Add(runs, s, e, SpecEncoding.StateOf(l.Pte, l.Start, shadow.Geometry.PageShift));
            pos = e;
        }
        if (pos < end)
        {
            Add(runs, pos, end, PageState.Unmapped);
        }
        return runs;
    }

    /// <summary>The first page of <c>[start, end)</c> whose observed state differs from the model's, with both.</summary>
    public static (ulong Page, PageState Model, PageState Table)? FirstDifference(TableShadow shadow, PageMap<PageState> model, ulong start, ulong end)
    {
        foreach (var (s, e, seen) in Runs(shadow, start, end))
        {
            foreach (var (m, _, expected) in model.Runs(s, e))
            {
                if (!expected.Equals(seen))
                {
                    return (m, expected, seen);
                }
            }
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
