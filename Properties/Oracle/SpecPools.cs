namespace Harness.Properties.Oracle;

/// <summary>Spec 6.1 and 3.1: the pool sizes and the root allocation the spec predicts, worked out by the oracle.</summary>
public static class SpecPools
{
    /// <summary>Spec 6.1 (<c>__hyp_pgtable_max_pages</c>): table pages to map <paramref name="pages"/> pages one by one, rounding up at each of 4 levels.</summary>
    public static long MaxTablePages(long pages, int entries)
    {
        long total = 0;
        for (var i = 0; i < 4; i++)
        {
            pages = (pages + entries - 1) / entries;
            total += pages;
        }
        return total;
    }

    /// <summary>Spec 6.1: mem = every region page by page + 16 root pages; dev = 1 GiB of MMIO; hyp (donate-maps-hyp) = all memory + its root.</summary>
    public static (long Mem, long Dev, long Hyp) Host(SpecGeometry geo, IEnumerable<(ulong Start, ulong End)> regions, bool withHyp)
    {
        long memPages = 0, memTables = 0;
        foreach (var (start, end) in regions)
        {
            var pages = (long)((end - start) >> geo.PageShift);
            memPages += pages;
            memTables += MaxTablePages(pages, geo.Entries);
        }
        return (memTables + 16, MaxTablePages((long)((1UL << 30) >> geo.PageShift), geo.Entries), withHyp ? MaxTablePages(memPages, geo.Entries) + 1 : 0);
    }

    /// <summary>
    /// Spec 5.1 and 3.1: the concatenated root is one block of order log2(root pages) from a fresh pool of
    /// <paramref name="poolPages"/> pages; it exists iff that order is below the pool's largest order and
    /// the pool has that many pages.
    /// </summary>
    public static bool RootFits(SpecGeometry geo, int poolPages, bool fixedMaxOrder)
    {
        var order = System.Numerics.BitOperations.Log2((uint)geo.RootPages);
        return order < PoolState.SpecMaxOrder(poolPages, fixedMaxOrder) && poolPages >= geo.RootPages;
    }
}
