namespace Harness.Properties.Oracle;

/// <summary>
/// Enumerates the leaves of the shadow in address order: all of them, those overlapping a range, or the
/// one covering an address. Only attached pages are followed, as the hardware walker would.
/// </summary>
public static class ShadowLeaves
{
    /// <summary>Adds to <paramref name="into"/> every non-zero leaf of the tree overlapping <c>[start, end)</c>, in address order.</summary>
    public static void Collect(TableShadow shadow, bool hyp, ulong start, ulong end, List<LeafView> into)
    {
        if (hyp)
        {
            if (shadow.HypRoot is { } root)
            {
                Collect(shadow, shadow.HypGeometry!.Value, root, start, end, into);
            }
            return;
        }
        // A root the range misses has no slot in it (ShadowPage.SlotsOverlapping): no check of its own.
        var geo = shadow.Geometry;
        foreach (var root in shadow.Roots)
        {
            Collect(shadow, geo, root, start, end, into);
        }
    }

    /// <summary>Adds every non-zero leaf of the table (the hypervisor's when <paramref name="hyp"/>) to <paramref name="into"/> as runs (<see cref="LeafRun"/>), in address order.</summary>
    public static void CollectRuns(TableShadow shadow, bool hyp, List<LeafRun> into)
    {
        if (hyp)
        {
            if (shadow.HypRoot is { } root)
            {
                CollectRuns(shadow, shadow.HypGeometry!.Value, root, into);
            }
            return;
        }
        var geo = shadow.Geometry;
        foreach (var root in shadow.Roots)
        {
            CollectRuns(shadow, geo, root, into);
        }
    }

    /// <summary>
    /// Like <see cref="Collect(TableShadow, bool, ulong, ulong, List{LeafView})"/> for the stage-2 table, but
    /// stops above level 3: the leaves it adds are blocks (and annotations above level 3), never pages.
    /// </summary>
    public static void CollectBlocks(TableShadow shadow, ulong start, ulong end, List<LeafView> into)
    {
        var geo = shadow.Geometry;
        foreach (var root in shadow.Roots)
        {
            Collect(shadow, geo, root, start, end, into, blocksOnly: true);
        }
    }

    /// <summary>The leaf covering <paramref name="addr"/>: its descriptor (possibly zero), level and range.</summary>
    public static (Descriptor Pte, int Level, ulong Start, ulong End) At(TableShadow shadow, bool hyp, ulong addr)
    {
        var geo = hyp ? shadow.HypGeometry!.Value : shadow.Geometry;
        var page = hyp ? shadow.HypRoot : shadow.Roots.Count > 0 ? shadow.Roots[geo.RootIndex(addr)] : null;
        while (page is not null)
        {
            var i = geo.Index(addr, page.Level);
            var d = new Descriptor(page.Entries[i]);
            if (shadow.LinkedChild(page, i) is not { } child)
            {
                // A leaf, or a table the shadow did not see linked there: the walk ends at this slot.
                var start = page.SlotStart(i);
                return (d, page.Level, start, start + page.SlotSize);
            }
            page = child;
        }
        return (default, geo.StartLevel, addr, addr);
    }

    private static void CollectRuns(TableShadow shadow, SpecGeometry geo, ShadowPage page, List<LeafRun> into)
    {
        for (var i = page.NextNonZero(0); i >= 0;)
        {
            var d = new Descriptor(page.Entries[i]);
            if (d.IsTable(page.Level))
            {
                if (shadow.LinkedChild(page, i) is { } child)
                {
                    CollectRuns(shadow, geo, child, into);
                }
                i = page.NextNonZero(i + 1);
                continue;
            }
            // A table ends the run (its bits never follow a leaf's).
            var j = page.RunEnd(i, page.Entries.Length, geo.PageShift);
            into.Add(page.RunAt(i, j - i, geo.PageShift));
            i = page.NextNonZero(j);
        }
    }

    private static void Collect(TableShadow shadow, SpecGeometry geo, ShadowPage page, ulong start, ulong end, List<LeafView> into, bool blocksOnly = false)
    {
        if (blocksOnly && page.Level == 3)
        {
            return;
        }
        var (first, last) = page.SlotsOverlapping(start, end);
        for (var i = page.NextNonZero(first, last); i >= 0; i = page.NextNonZero(i + 1, last))
        {
            var d = new Descriptor(page.Entries[i]);
            if (!d.IsTable(page.Level))
            {
                into.Add(page.LeafAt(i));
                continue;
            }
            if (shadow.LinkedChild(page, i) is { } child)
            {
                Collect(shadow, geo, child, start, end, into, blocksOnly);
            }
        }
    }
}
