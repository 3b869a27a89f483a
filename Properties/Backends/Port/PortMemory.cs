using Harness.Implementation;

namespace Harness.Properties.Backends.Port;

/// <summary>The port's pools and roots seen through <see cref="ITableMemory"/>.</summary>
internal sealed class PortMemory(KvmPgtable pgt, KvmPgtable? hyp) : ITableMemory
{
    private readonly PagePool[] _pools = [.. pgt.Mm.Pools];


    public IReadOnlyList<PoolInfo> Pools { get; } = [.. pgt.Mm.Pools.Select(p => new PoolInfo(p.Name, p.BasePa, p.NrPages, p.PageShift))];

    public ulong? Root => pgt.Root;

    public (ulong Pa, int StartLevel, int VaBits)? HypRoot =>
        hyp is { Root: { } root } ? (root, hyp.Geometry.StartLevel, hyp.Geometry.IaBits) : null;

    public ulong Read(ulong tablePa, int index) => PoolOf(tablePa) is { } p ? p.Read(tablePa, index) : 0;

    public ReadOnlySpan<ulong> Page(ulong pagePa) => PoolOf(pagePa) is { } p ? p.View(pagePa) : ZeroPages.Of(1 << (pgt.Geometry.PageShift - 3));

    public bool IsZero(ulong pagePa) => PoolOf(pagePa) is not { } p || p.IsZero(pagePa);

    public int PageCount(ulong pa) => PoolOf(pa) is { } p ? p.PageCount(pa) : -1;

    public bool IsAllocated(ulong pa) => PoolOf(pa) is { } p && !p.IsFree(pa);

    public int UsedPages(int pool) => _pools[pool].UsedPages;

    public void ReadPool(int pool, Span<int> counts, Span<bool> allocated) => _pools[pool].CopyState(counts, allocated);

    public int MaxOrder(int pool) => _pools[pool].MaxOrder;

    public void ReadWritten(int pool, Span<bool> written) => _pools[pool].CopyWritten(written);

    private PagePool? _last;

    private PagePool? PoolOf(ulong pa)
    {
        // Reads come in runs over one pool: try the last one first.
        if (_last is { } last && last.Contains(pa))
        {
            return last;
        }
        foreach (var p in _pools)
        {
            if (p.Contains(pa))
            {
                return _last = p;
            }
        }
        return null;
    }
}
