using Harness.Implementation;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.4: every allocated pool page is a live table or root page (nothing leaked), and every page
/// freed by the last command is zero (free memory stays clean).
/// </summary>
/// <remarks>
/// Only pages freed in this step are scanned: a free page can only become dirty through a write that
/// <see cref="NoUseAfterFree"/> reports, and scanning every free page after every command cost more
/// than the command itself.
/// </remarks>
public sealed class PoolAccounting : IInvariant
{
    public string Name => "pool accounting";

    public Violation? Check(World w)
    {
        var live = w.Observed.Tables.Select(t => t.Pa).ToHashSet();
        if (w.ObservedHyp is { } hyp)
        {
            live.UnionWith(hyp.Tables.Select(t => t.Pa));
        }
        foreach (var pool in w.Pgt.Mm.Pools)
        {
            var inPool = live.Count(pool.Contains);
            if (pool.UsedPages != inPool)
            {
                return new Violation(Name, $"pool '{pool.Name}' has {pool.UsedPages} pages allocated but {inPool} live table pages", null, $"used={inPool}", $"used={pool.UsedPages}");
            }
        }
        foreach (var e in w.Log.Since(0))
        {
            if (e.Kind != EventKind.Free || w.Pgt.Mm.PoolOf(e.Pa) is not { } pool)
            {
                continue;
            }
            for (var k = 0UL; k < 1UL << (int)e.Len; k++)
            {
                var pa = e.Pa + (k << pool.PageShift);
                if (pool.IsFree(pa) && !pool.IsZero(pa))
                {
                    return new Violation(Name, $"freed page 0x{pa:x} of pool '{pool.Name}' is not zero");
                }
            }
        }
        return null;
    }
}
