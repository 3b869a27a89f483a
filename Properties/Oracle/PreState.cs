using Harness.Model;

namespace Harness.Properties.Oracle;

/// <summary>
/// What the spec's rules make of the table as it is before a command, worked out by the oracle from its
/// shadow: which blocks a range only partly covers, and where a map must stop with -EAGAIN.
/// </summary>
public static class PreState
{
    /// <summary>
    /// The valid blocks (leaves above level 3) of the stage-2 table overlapping <paramref name="walk"/>: the
    /// only leaves a map, unmap or set_owner may drop beyond the pages it writes (spec 5.3.3, 5.5).
    /// </summary>
    public static List<PageRange> ValidBlocks(TableShadow shadow, PageRange walk)
    {
        var blocks = new List<PageRange>();
        if (walk.IsEmpty)
        {
            return blocks;
        }
        var leaves = new List<LeafView>();
        ShadowLeaves.CollectBlocks(shadow, walk.Start, walk.End, leaves);
        foreach (var l in leaves)
        {
            if (l.Pte.IsValid)
            {
                blocks.Add(new PageRange(l.Start, l.End));
            }
        }
        return blocks;
    }

    /// <summary>
    /// Spec 5.3.1: the first leaf where a map of <paramref name="walk"/> to <paramref name="phys"/> with
    /// <paramref name="access"/> stops with -EAGAIN: the walk reaches an existing valid leaf at the level
    /// the new leaf takes there, and the two differ at most in permissions. Tables the new leaf covers
    /// whole are replaced (spec 5.3.2) and leaves it cannot fit are split (5.3.3), so neither stops it.
    /// Returns the stopping leaf's first page, or null when the map runs to the end.
    /// </summary>
    public static ulong? MapStop(TableShadow shadow, PageRange walk, ulong phys, Access access)
    {
        var geo = shadow.Geometry;
        var pos = walk.Start;
        var pa = phys;
        // The walk goes on in the page it is in until it passes the page's range; only then does it start
        // again from the root (a map of many pages reads each table once, not once per page).
        ShadowPage? page = null;
        var pageEnd = 0UL;
        while (pos < walk.End && pos >= walk.Start)
        {
            if (page is null || pos >= pageEnd)
            {
                var root = geo.RootIndex(pos);
                page = shadow.Roots[root];
                pageEnd = geo.RootPageShift >= 64 ? ulong.MaxValue : geo.RootBase(root) + (1UL << geo.RootPageShift);
            }
            var level = page.Level;
            var size = geo.Size(level);
            var index = geo.Index(pos, level);
            var old = new Descriptor(page.Entries[index]);
            var fits = geo.LeafAllowed(level) && size <= walk.End - pos && (pos & (size - 1)) == 0 && (pa & (size - 1)) == 0;
            if (old.IsTable(level))
            {
                var child = shadow.PageAt(old.OutputAddress(geo.PageShift));
                if (fits || child is null)
                {
                    // The table is replaced by the new block whole.
                    pos += size;
                    pa += size;
                    continue;
                }
                pageEnd = page.SlotStart(index) + size;
                page = child;
                continue;
            }
            if (fits && old.Bits == 0)
            {
                // The empty slots from here to the page's next descriptor take new leaves one after another
                // (each aligned, and whole while the walk lasts), and none of them stops the walk: past
                // them all at once, or past the walk's end, where the walk is over anyway.
                var filled = page.NextNonZero(index + 1);
                var passed = (ulong)((filled < 0 ? page.Entries.Length : filled) - index) * size;
                pos += passed;
                pa += passed;
                continue;
            }
            if (fits)
            {
                var @new = new Descriptor(SpecEncoding.Stage2Leaf(pa, access, level, geo.PageShift));
                if (old.IsValid && ((old.Bits ^ @new.Bits) & ~Descriptor.PermissionBits) == 0)
                {
                    return pos;
                }
                pos += size;
                pa += size;
                continue;
            }
            // A leaf that cannot hold the new mapping is split into an empty table: nothing below stops the walk.
            var next = Math.Min(page.SlotStart(index) + size, walk.End);
            pa += next - pos;
            pos = next;
        }
        return null;
    }
}
