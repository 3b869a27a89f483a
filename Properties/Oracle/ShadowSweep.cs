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
        var buffer = new ulong[shadow.Geometry.Entries];
        foreach (var root in shadow.Roots)
        {
            if (Compare(shadow, memory, shadow.Geometry, root.Pa, root.Level, root.Start, buffer) is { } v)
            {
                return v;
            }
        }
        if (shadow.HypRoot is { } hyp && Compare(shadow, memory, shadow.HypGeometry!.Value, hyp.Pa, hyp.Level, 0, buffer) is { } hv)
        {
            return hv;
        }
        foreach (var pool in shadow.Pools)
        {
            if (memory.UsedPages(pool.Index) != pool.Used)
            {
                return new Violation(Claims.PoolAccounting, $"pool '{pool.Info.Name}' reports {memory.UsedPages(pool.Index)} pages in use; its allocation events leave {pool.Used}", null, $"used={pool.Used}", $"used={memory.UsedPages(pool.Index)}");
            }
            for (var i = 0; i < pool.Info.Pages; i++)
            {
                var pa = pool.Info.PageAddress(i);
                if (memory.IsAllocated(pa) != pool.Allocated[i])
                {
                    return new Violation(Claims.PoolAccounting, $"page 0x{pa:x} of pool '{pool.Info.Name}' is {(pool.Allocated[i] ? "free" : "allocated")}, though the allocation events left it {(pool.Allocated[i] ? "allocated" : "free")}");
                }
                if (memory.PageCount(pa) != pool.Count[i])
                {
                    return new Violation(Claims.RefcountConsistency, $"page 0x{pa:x} of pool '{pool.Info.Name}' has count {memory.PageCount(pa)}, though its get/put events leave {pool.Count[i]}", null, $"rc {pool.Count[i]}", $"rc {memory.PageCount(pa)}");
                }
                if (!pool.Allocated[i] && pool.Count[i] != 0)
                {
                    return new Violation(Claims.PoolAccounting, $"the free page 0x{pa:x} of pool '{pool.Info.Name}' has count {pool.Count[i]}, not 0 (spec 3.1)");
                }
                if (deep && !pool.Allocated[i])
                {
                    memory.ReadPage(pa, buffer);
                    if (Array.FindIndex(buffer, x => x != 0) is var at and >= 0)
                    {
                        return new Violation(Claims.PoolAccounting, $"the free page 0x{pa:x} of pool '{pool.Info.Name}' holds 0x{buffer[at]:x16} at index {at}: free memory must be zero (spec 3.1)");
                    }
                }
            }
        }
        return null;
    }

    private static Violation? Compare(TableShadow shadow, ITableMemory memory, SpecGeometry geo, ulong pa, int level, ulong start, ulong[] buffer)
    {
        var page = shadow.PageAt(pa);
        if (page is null || !page.Attached || page.Level != level || page.Start != start)
        {
            return new Violation(Claims.LogComplete, $"memory links an L{level} table at 0x{pa:x} for IPA 0x{start:x} that no logged write linked there", start, "the table the log built", page is null ? "an unknown page" : $"an L{page.Level} page for 0x{page.Start:x}");
        }
        memory.ReadPage(pa, buffer);
        var children = new List<(ulong Pa, ulong Start)>();
        for (var i = 0; i < buffer.Length; i++)
        {
            var inMemory = buffer[i];
            if (inMemory != page.Entries[i])
            {
                var slot = page.SlotStart(geo, i);
                return new Violation(Claims.LogComplete, $"the L{level} slot at 0x{page.SlotAddress(i):x} holds 0x{inMemory:x16}, but the logged writes left 0x{page.Entries[i]:x16}", slot, $"0x{page.Entries[i]:x16}", $"0x{inMemory:x16}");
            }
            var d = new Descriptor(inMemory);
            if (d.IsTable(level))
            {
                children.Add((d.OutputAddress(geo.PageShift), page.SlotStart(geo, i)));
            }
        }
        foreach (var (childPa, childStart) in children)
        {
            if (Compare(shadow, memory, geo, childPa, level + 1, childStart, buffer) is { } v)
            {
                return v;
            }
        }
        return null;
    }
}
