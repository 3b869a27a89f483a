using Harness.Properties.Backends;

namespace Harness.Properties.Oracle;

/// <summary>
/// The sweep half of the incremental checks: memory, read without the walker, must be exactly what the
/// shadow built from the event stream holds (every reachable page at its place with the same descriptors,
/// every page's count and allocation state as the allocator events left them), so nothing changed
/// behind the log's back. A deep sweep also reads every free page, which must be zero (spec 3.1).
/// </summary>
public static class ShadowSweep
{
    public static Violation? Check(TableShadow shadow, ITableMemory memory, bool deep)
    {
        foreach (var root in shadow.Roots)
        {
            if (Compare(shadow, memory, shadow.Geometry, root.Pa, root.Level, root.Start) is { } v)
            {
                return v;
            }
        }
        if (shadow.HypRoot is { } hyp && Compare(shadow, memory, shadow.HypGeometry!.Value, hyp.Pa, hyp.Level, 0) is { } hv)
        {
            return hv;
        }
        foreach (var pool in shadow.Pools)
        {
            if (memory.UsedPages(pool.Index) != pool.Used)
            {
                return new Violation(Claims.PoolAccounting, $"pool '{pool.Info.Name}' reports {memory.UsedPages(pool.Index)} pages in use; its allocation events leave {pool.Used}", null, $"used={pool.Used}", $"used={memory.UsedPages(pool.Index)}");
            }
            var counts = pool.CountsInMemory;
            var allocated = pool.AllocatedInMemory;
            memory.ReadPool(pool.Index, counts, allocated);
            // Vectorized compares first; the page-by-page search only to name what differs.
            if (!counts.AsSpan().SequenceEqual(pool.Count) || !allocated.AsSpan().SequenceEqual(pool.Allocated))
            {
                for (var i = 0; i < pool.Info.Pages; i++)
                {
                    var pa = pool.Info.PageAddress(i);
                    if (allocated[i] != pool.Allocated[i])
                    {
                        return new Violation(Claims.PoolAccounting, $"page 0x{pa:x} of pool '{pool.Info.Name}' is {(pool.Allocated[i] ? "free" : "allocated")}, though the allocation events left it {(pool.Allocated[i] ? "allocated" : "free")}");
                    }
                    if (counts[i] != pool.Count[i])
                    {
                        return new Violation(Claims.RefcountConsistency, $"page 0x{pa:x} of pool '{pool.Info.Name}' has count {counts[i]}, though its get/put events leave {pool.Count[i]}", null, $"rc {pool.Count[i]}", $"rc {counts[i]}");
                    }
                }
            }
            // Most pages have count 0: only the others are looked at, found a vector at a time.
            var held = pool.Count.AsSpan();
            for (var i = held.IndexOfAnyExcept(0); i >= 0; i = NextAt(held, i + 1))
            {
                if (!pool.Allocated[i])
                {
                    return new Violation(Claims.PoolAccounting, $"the free page 0x{pool.Info.PageAddress(i):x} of pool '{pool.Info.Name}' has count {pool.Count[i]}, not 0 (spec 3.1)");
                }
            }
            if (!deep)
            {
                continue;
            }
            // Free memory must be zero; a page the backend never wrote is, without reading it.
            var written = pool.WrittenInMemory;
            memory.ReadWritten(pool.Index, written);
            var everWritten = written.AsSpan();
            for (var i = everWritten.IndexOf(true); i >= 0; i = NextWritten(everWritten, i + 1))
            {
                var pa = pool.Info.PageAddress(i);
                if (!pool.Allocated[i] && !memory.IsZero(pa))
                {
                    var contents = memory.Page(pa);
                    var at = contents.IndexOfAnyExcept(0UL);
                    return new Violation(Claims.PoolAccounting, $"the free page 0x{pa:x} of pool '{pool.Info.Name}' holds 0x{contents[at]:x16} at index {at}: free memory must be zero (spec 3.1)");
                }
            }
        }
        return null;
    }

    /// <summary>The first index at or after <paramref name="from"/> whose count is not 0, or -1.</summary>
    private static int NextAt(ReadOnlySpan<int> counts, int from)
    {
        var skip = counts[from..].IndexOfAnyExcept(0);
        return skip < 0 ? -1 : from + skip;
    }

    /// <summary>The first page at or after <paramref name="from"/> the backend may have written, or -1.</summary>
    private static int NextWritten(ReadOnlySpan<bool> written, int from)
    {
        var skip = written[from..].IndexOf(true);
        return skip < 0 ? -1 : from + skip;
    }

    private static Violation? Compare(TableShadow shadow, ITableMemory memory, SpecGeometry geo, ulong pa, int level, ulong start)
    {
        var page = shadow.PageAt(pa);
        if (page is null || !page.Attached || page.Level != level || page.Start != start)
        {
            return new Violation(Claims.LogComplete, $"memory links an L{level} table at 0x{pa:x} for IPA 0x{start:x} that no logged write linked there", start, "the table the log built", page is null ? "an unknown page" : $"an L{page.Level} page for 0x{page.Start:x}");
        }
        var inMemory = memory.Page(pa);
        var logged = page.Entries.AsSpan();
        // Past its high-water mark the shadow page is zero: only memory is read there (most of a 64K-granule table).
        var written = page.HighWater;
        if (!inMemory[..written].SequenceEqual(logged[..written]) || inMemory[written..].ContainsAnyExcept(0UL))
        {
            var i = inMemory.CommonPrefixLength(logged);
            var slot = page.SlotStart(i);
            return new Violation(Claims.LogComplete, $"the L{level} slot at 0x{page.SlotAddress(i):x} holds 0x{inMemory[i]:x16}, but the logged writes left 0x{page.Entries[i]:x16}", slot, $"0x{page.Entries[i]:x16}", $"0x{inMemory[i]:x16}");
        }
        if (level >= 3 || page.Counted == 0)
        {
            return null;
        }
        // Memory equals the shadow here, so the shadow's entries name the children; level 3 holds no table.
        var entries = page.Entries;
        for (var i = page.NextNonZero(0); i >= 0; i = page.NextNonZero(i + 1))
        {
            var d = new Descriptor(entries[i]);
            if (d.IsTable(level) && Compare(shadow, memory, geo, d.OutputAddress(geo.PageShift), level + 1, page.SlotStart(i)) is { } v)
            {
                return v;
            }
        }
        return null;
    }
}
