namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.4: every allocated pool page is a live table or root page (nothing leaked), and every free
/// page is zero (free memory stays clean).
/// </summary>
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
            for (var i = 0; i < pool.NrPages; i++)
            {
                var pa = pool.BasePa + ((ulong)i << pool.PageShift);
                if (pool.IsFree(pa) && !pool.IsZero(pa))
                {
                    return new Violation(Name, $"free page 0x{pa:x} of pool '{pool.Name}' is not zero");
                }
            }
        }
        return null;
    }
}
