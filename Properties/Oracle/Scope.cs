using Harness.Model;

namespace Harness.Properties.Oracle;

/// <summary>
/// Where a claim is checked: everywhere (a sweep), or only where the last command could have changed
/// something: the slots it wrote, the pages whose counts or links moved, the IPA ranges those slots cover
/// and the ranges the model changed. A claim checks the same thing over either scope.
/// </summary>
public sealed class Scope
{
    private readonly List<LeafView>?[] _leaves = new List<LeafView>?[2];

    private Scope(bool all, TableShadow shadow)
    {
        All = all;
        Shadow = shadow;
    }

    /// <summary>A sweep: every page, slot and range.</summary>
    public bool All { get; }

    public TableShadow Shadow { get; }

    /// <summary>The stage-2 IPA ranges to compare with the model, merged and in address order.</summary>
    public List<PageRange> Ranges { get; } = [];

    public static Scope Everything(TableShadow shadow)
    {
        var s = new Scope(true, shadow);
        s.Ranges.Add(new PageRange(0, shadow.Geometry.Limit));
        return s;
    }

    /// <summary>What the last step touched, plus the model's changed ranges.</summary>
    public static Scope Touched(TableShadow shadow, IEnumerable<(ulong Start, ulong End)> modelChanges)
    {
        var s = new Scope(false, shadow);
        var ranges = new List<PageRange>();
        foreach (var (page, index, changesPages) in shadow.WrittenSlots)
        {
            // Linking a table changes no page's state (what changes below is written and listed too); a
            // slot that held or holds a leaf, or a table that went, changes its whole range.
            if (!page.IsHyp && changesPages)
            {
                var geo = shadow.Geometry;
                var start = page.SlotStart(geo, index);
                ranges.Add(new PageRange(start, start + geo.Size(page.Level)));
            }
        }
        foreach (var (start, end) in modelChanges)
        {
            ranges.Add(new PageRange(start, end));
        }
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        foreach (var r in ranges)
        {
            if (s.Ranges.Count > 0 && r.Start <= s.Ranges[^1].End)
            {
                if (r.End > s.Ranges[^1].End)
                {
                    s.Ranges[^1] = s.Ranges[^1] with { End = r.End };
                }
                continue;
            }
            s.Ranges.Add(r);
        }
        return s;
    }

    /// <summary>The non-zero leaves of the tree to check: all of them, or those of the slots the step wrote.</summary>
    public List<LeafView> Leaves(bool hyp)
    {
        if (_leaves[hyp ? 1 : 0] is { } cached)
        {
            return cached;
        }
        var leaves = _leaves[hyp ? 1 : 0] = [];
        if (All)
        {
            ShadowLeaves.Collect(Shadow, hyp, 0, ulong.MaxValue, leaves);
            return leaves;
        }
        foreach (var (page, index, _) in Shadow.WrittenSlots)
        {
            var bits = page.Entries[index];
            if (page.IsHyp != hyp || !page.Attached || bits == 0 || new Descriptor(bits).IsTable(page.Level))
            {
                continue;
            }
            var geo = Shadow.GeometryOf(page);
            var start = page.SlotStart(geo, index);
            leaves.Add(new LeafView(start, start + geo.Size(page.Level), page.Level, new Descriptor(bits), page, index));
        }
        return leaves;
    }

    /// <summary>The table pages to check: every attached one, or those the step touched.</summary>
    public IEnumerable<ShadowPage> Pages
    {
        get
        {
            if (!All)
            {
                return Shadow.TouchedPages.Where(p => p.Attached);
            }
            return AllPages();
        }
    }

    private IEnumerable<ShadowPage> AllPages()
    {
        var stack = new Stack<ShadowPage>();
        foreach (var r in Shadow.Roots)
        {
            stack.Push(r);
        }
        if (Shadow.HypRoot is { } h)
        {
            stack.Push(h);
        }
        while (stack.Count > 0)
        {
            var page = stack.Pop();
            yield return page;
            if (page.Level >= 3)
            {
                continue;
            }
            var geo = Shadow.GeometryOf(page);
            for (var i = 0; i < page.Entries.Length; i++)
            {
                var d = new Descriptor(page.Entries[i]);
                if (d.IsTable(page.Level) && Shadow.PageAt(d.OutputAddress(geo.PageShift)) is { } child && child.ParentSlot == page.SlotAddress(i))
                {
                    stack.Push(child);
                }
            }
        }
    }
}
