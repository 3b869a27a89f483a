using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.4 and 3.1: every allocated pool page is a live table page (nothing leaked), the allocator's
/// counts agree with its events, a free page has count 0 and zero contents, an allocation hands out only
/// free pages at count 0, and an allocation fails only when no free aligned block of its order exists.
/// </summary>
public sealed class PoolAccounting : IInvariant
{
    public string Name => Claims.PoolAccounting;

    public Violation? Check(World w, Scope scope)
    {
        var shadow = scope.Shadow;
        if (shadow.Finding(Name) is { } v)
        {
            return v;
        }
        foreach (var pool in shadow.Pools)
        {
            var live = shadow.AttachedPages(pool.Index);
            var used = w.Memory.UsedPages(pool.Index);
            if (used != live || pool.Used != live)
            {
                var leaked = LeakedPage(shadow, pool);
                return new Violation(Name, $"pool '{pool.Info.Name}' has {used} pages allocated but {live} live table pages" + (leaked is { } p ? $"; page 0x{p:x} is allocated and linked from no table" : ""),
                    null, $"used={live}", $"used={used}");
            }
        }
        foreach (var pa in shadow.FreedPages)
        {
            if (shadow.IsAllocated(pa))
            {
                // Freed and handed out again within the step: the sweep compares its contents with the log.
                continue;
            }
            var contents = w.Memory.Page(pa);
            if (contents.IndexOfAnyExcept(0UL) is var at and >= 0)
            {
                return new Violation(Name, $"the freed page 0x{pa:x} holds 0x{contents[at]:x16} at index {at}: free memory must be zero (spec 3.1)");
            }
            if (w.Memory.PageCount(pa) != 0)
            {
                return new Violation(Name, $"the freed page 0x{pa:x} has count {w.Memory.PageCount(pa)}, not 0 (spec 3.1)");
            }
        }
        return null;
    }

    /// <summary>An allocated page of <paramref name="pool"/> that no attached table is, to name in the report.</summary>
    private static ulong? LeakedPage(TableShadow shadow, PoolState pool)
    {
        for (var i = 0; i < pool.Info.Pages; i++)
        {
            var pa = pool.Info.PageAddress(i);
            if (pool.Allocated[i] && shadow.PageAt(pa) is not { Attached: true })
            {
                return pa;
            }
        }
        return null;
    }
}
