using Harness.Model;

namespace Harness.Properties.Oracle;

/// <summary>What the shadow's leaves say of each page, in the model's terms: runs of equal <see cref="PageState"/>, gaps being zero leaves.</summary>
public static class ObservedPages
{
    /// <summary>Fills <paramref name="into"/> with the runs of <c>[start, end)</c> in address order; equal neighbours are joined.</summary>
    public static void Runs(TableShadow shadow, ulong start, ulong end, List<(ulong Start, ulong End, PageState State)> into)
    {
        into.Clear();
        foreach (var (s, e, state) in Segments(shadow, Collect(shadow, start, end), start, end))
        {
            if (into.Count > 0 && into[^1].End == s && into[^1].State.Equals(state))
            {
                into[^1] = (into[^1].Start, e, state);
                continue;
            }
            into.Add((s, e, state));
        }
    }

    /// <summary>The first page of <c>[start, end)</c> whose observed state differs from the model's, with both.</summary>
    public static (ulong Page, PageState Model, PageState Table)? FirstDifference(TableShadow shadow, PageMap<PageState> model, ulong start, ulong end) =>
        FirstDifference(shadow, model, Collect(shadow, start, end), start, end);

    /// <summary>As above, with <paramref name="leaves"/> the non-zero leaves overlapping <c>[start, end)</c> in address order (a sweep has them already).</summary>
    public static (ulong Page, PageState Model, PageState Table)? FirstDifference(TableShadow shadow, PageMap<PageState> model, List<LeafView> leaves, ulong start, ulong end)
    {
        foreach (var (s, e, seen) in Segments(shadow, leaves, start, end))
        {
            // The model's runs over the segment, each compared once: a leaf of a thousand pages is one run.
            for (var pos = s; pos < e;)
            {
                var (expected, runEnd) = model.RunAt(pos);
                if (!expected.Equals(seen))
                {
                    return (pos, expected, seen);
                }
                pos = runEnd;
            }
        }
        return null;
    }

    /// <summary>The shadow's leaves overlapping <c>[start, end)</c>, in the scratch list kept for them.</summary>
    private static List<LeafView> Collect(TableShadow shadow, ulong start, ulong end)
    {
        var leaves = shadow.Scratch.ObservedLeaves;
        leaves.Clear();
        ShadowLeaves.Collect(shadow, false, start, end, leaves);
        return leaves;
    }

    /// <summary>
    /// <c>[start, end)</c> cut at the leaves' edges, in address order, with the state each part shows: a
    /// gap between leaves is unmapped and owned by the host; each page of a leaf maps to the leaf's output
    /// plus its offset, one delta for the whole leaf.
    /// </summary>
    private static IEnumerable<(ulong Start, ulong End, PageState State)> Segments(TableShadow shadow, List<LeafView> leaves, ulong start, ulong end)
    {
        var pos = start;
        foreach (var l in leaves)
        {
            var s = Math.Max(l.Start, start);
            var e = Math.Min(l.End, end);
            if (s > pos)
            {
                yield return (pos, s, PageState.Unmapped);
            }
            yield return (s, e, SpecEncoding.StateOf(l.Pte, l.Start, shadow.Geometry.PageShift));
            pos = e;
        }
        if (pos < end)
        {
            yield return (pos, end, PageState.Unmapped);
        }
    }
}
