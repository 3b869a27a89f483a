using System.Runtime.InteropServices;
using Harness.Model;

namespace Harness.Properties.Oracle;

/// <summary>
/// Where a claim is checked: everywhere (a sweep), or only where the last command could have changed
/// something: the slots it wrote, the pages whose counts or links moved, the IPA ranges those slots cover
/// and the ranges the model changed. A claim checks the same thing over either scope. Its lists are the
/// shadow's scratch (<see cref="CheckScratch"/>): a scope lasts until the next one is made.
/// </summary>
public sealed class Scope
{
    private bool _leavesCollected;
    private bool _hypLeavesCollected;
    private bool _pagesCollected;

    private Scope(bool all, TableShadow shadow, List<PageRange> ranges)
    {
        All = all;
        Shadow = shadow;
        Ranges = ranges;
        shadow.Scratch.Leaves.Clear();
        shadow.Scratch.HypLeaves.Clear();
        shadow.Scratch.Pages.Clear();
    }

    /// <summary>A sweep: every page, slot and range.</summary>
    public bool All { get; }

    public TableShadow Shadow { get; }

    /// <summary>The stage-2 IPA ranges to compare with the model, merged and in address order.</summary>
    public List<PageRange> Ranges { get; }

    public static Scope Everything(TableShadow shadow)
    {
        var ranges = shadow.Scratch.Ranges;
        ranges.Clear();
        ranges.Add(new PageRange(0, shadow.Geometry.Limit));
        return new Scope(true, shadow, ranges);
    }

    /// <summary>What the last step touched, plus the model's changed ranges.</summary>
    public static Scope Touched(TableShadow shadow, IEnumerable<(ulong Start, ulong End)> modelChanges)
    {
        var ranges = shadow.Scratch.WrittenRanges;
        ranges.Clear();
        // Linking a table changes no page's state (what changes below it is written and listed too); a
        // slot that held or holds a leaf, or a table that went, changes its whole range.
        var touched = shadow.TouchedPages;
        foreach (var (pageIndex, index, count, changesPages) in CollectionsMarshal.AsSpan(shadow.WrittenSlots))
        {
            var page = touched[pageIndex];
            if (changesPages && !page.IsHyp)
            {
                ranges.Add(page.SlotStart(index), page.SlotStart(index + count));
            }
        }
        foreach (var (start, end) in modelChanges)
        {
            ranges.Add(start, end);
        }
        ranges.Normalize();
        return new Scope(false, shadow, ranges.Items);
    }

    /// <summary>
    /// The non-zero leaves of the tree to check, as runs (<see cref="LeafRun"/>) in the order they were
    /// written or sit: all of them, or those of the slots the step wrote.
    /// </summary>
    /// <remarks>A span over the scratch list: every leaf claim walks it, and a span's loop is the cheapest there is.</remarks>
    public ReadOnlySpan<LeafRun> LeafRuns(bool hyp) => CollectionsMarshal.AsSpan(CollectLeaves(hyp));

    private List<LeafRun> CollectLeaves(bool hyp)
    {
        var leaves = hyp ? Shadow.Scratch.HypLeaves : Shadow.Scratch.Leaves;
        if (hyp ? _hypLeavesCollected : _leavesCollected)
        {
            return leaves;
        }
        if (All)
        {
            if (hyp)
            {
                _hypLeavesCollected = true;
            }
            else
            {
                _leavesCollected = true;
            }
            ShadowLeaves.CollectRuns(Shadow, hyp, leaves);
            return leaves;
        }
        // One pass over the written slots fills both tables' lists: the host's claims ask for both.
        _leavesCollected = _hypLeavesCollected = true;
        var touched = CollectionsMarshal.AsSpan(Shadow.TouchedPages);
        var pageShift = Shadow.Geometry.PageShift;
        foreach (var (pageIndex, first, count, _) in CollectionsMarshal.AsSpan(Shadow.WrittenSlots))
        {
            var page = touched[pageIndex];
            if (!page.Attached)
            {
                continue;
            }
            var end = first + count;
            for (var index = first; index < end;)
            {
                var bits = page.Entries[index];
                if (bits == 0 || new Descriptor(bits).IsTable(page.Level))
                {
                    index++;
                    continue;
                }
                var runEnd = page.RunEnd(index, end, pageShift);
                (page.IsHyp ? Shadow.Scratch.HypLeaves : Shadow.Scratch.Leaves).Add(page.RunAt(index, runEnd - index, pageShift));
                index = runEnd;
            }
        }
        return leaves;
    }

    /// <summary>The table pages to check: every attached one, or those the step touched.</summary>
    public List<ShadowPage> Pages
    {
        get
        {
            var pages = Shadow.Scratch.Pages;
            if (_pagesCollected)
            {
                return pages;
            }
            _pagesCollected = true;
            if (!All)
            {
                foreach (var p in Shadow.TouchedPages)
                {
                    if (p.Attached)
                    {
                        pages.Add(p);
                    }
                }
                return pages;
            }
            pages.AddRange(Shadow.Roots);
            if (Shadow.HypRoot is { } h)
            {
                pages.Add(h);
            }
            // Breadth first: each page is followed by nothing but pages of its own or lower levels.
            for (var next = 0; next < pages.Count; next++)
            {
                var page = pages[next];
                if (page.Level >= 3 || page.Counted == 0)
                {
                    continue;
                }
                for (var i = page.NextNonZero(0); i >= 0; i = page.NextNonZero(i + 1))
                {
                    if (Shadow.LinkedChild(page, i) is { } child)
                    {
                        pages.Add(child);
                    }
                }
            }
            return pages;
        }
    }
}
