using System.Runtime.InteropServices;
using Harness.Model;

namespace Harness.Properties.Oracle;

/// <summary>
/// A list of IPA ranges built in mostly ascending order, as a walk writes: each range is joined to the
/// last one when they meet, and the list remembers whether it is still sorted, so that the scope sorts
/// and merges only when something came out of order.
/// </summary>
public sealed class RangeList
{
    public List<PageRange> Items { get; } = [];

    /// <summary>Whether every range starts after the one before it.</summary>
    public bool Sorted { get; private set; } = true;

    public void Clear()
    {
        Items.Clear();
        Sorted = true;
    }

    /// <summary>Adds <c>[start, end)</c>, joined to the last range when it starts inside or right after it.</summary>
    public void Add(ulong start, ulong end)
    {
        // A step's ranges come in the walk's order: most join the last one.
        var items = CollectionsMarshal.AsSpan(Items);
        if (items.Length > 0)
        {
            ref var last = ref items[^1];
            if (start >= last.Start && start <= last.End)
            {
                if (end > last.End)
                {
                    last = last with { End = end };
                }
                return;
            }
            Sorted &= start > last.Start;
        }
        Items.Add(new PageRange(start, end));
    }

    /// <summary>Sorts by start and merges overlapping or touching ranges, when an addition came out of order.</summary>
    public void Normalize()
    {
        if (Sorted)
        {
            return;
        }
        var items = Items;
        items.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var merged = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var r = items[i];
            if (merged > 0 && r.Start <= items[merged - 1].End)
            {
                items[merged - 1] = items[merged - 1] with { End = Math.Max(r.End, items[merged - 1].End) };
                continue;
            }
            items[merged++] = r;
        }
        items.RemoveRange(merged, items.Count - merged);
        Sorted = true;
    }
}
