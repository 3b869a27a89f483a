using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Harness.Implementation;

namespace Harness.Properties.Backends.Kernel;

/// <summary>
/// The kernel instance's pools and roots seen through <see cref="ITableMemory"/>: table memory is read
/// straight from the arena that plays physical memory (it never moves), counts and allocation state
/// through the library's readers.
/// </summary>
internal sealed unsafe class KernelMemory : ITableMemory
{
    private readonly KernelInstance _k;
    private readonly ulong* _memory;
    private readonly ulong _base;
    private readonly ulong _bytes;
    private readonly int _pageShift;

    public KernelMemory(KernelInstance k)
    {
        _k = k;
        var span = k.Memory;
        _memory = (ulong*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span));
        _bytes = (ulong)span.Length * sizeof(ulong);
        _base = k.MemoryBasePa;
        _pageShift = k.Library.PageShift;
        Pools = [.. k.Pools.Select(p => new PoolInfo(p.Name, p.BasePa, checked((int)p.NrPages), _pageShift))];
    }

    public IReadOnlyList<PoolInfo> Pools { get; }

    public ulong? Root => _k.RootPa is var pa && pa != 0 ? pa : null;

    public (ulong Pa, int StartLevel, int VaBits)? HypRoot =>
        _k.HypRootPa is var pa && pa != 0 ? (pa, _k.HypStartLevel, _k.HypIaBits) : null;

    public ulong Read(ulong tablePa, int index)
    {
        var offset = tablePa - _base + ((ulong)index << 3);
        return tablePa >= _base && offset < _bytes ? _memory[offset >> 3] : 0;
    }

    public ReadOnlySpan<ulong> Page(ulong pagePa)
    {
        var offset = pagePa - _base;
        var entries = 1 << (_pageShift - 3);
        if (pagePa < _base || offset + ((ulong)entries << 3) > _bytes)
        {
            return ZeroPages.Of(entries);
        }
        return new ReadOnlySpan<ulong>(_memory + (offset >> 3), entries);
    }

    public bool IsZero(ulong pagePa) => !Page(pagePa).ContainsAnyExcept(0UL);

    public int PageCount(ulong pa) => _k.PageCount(pa);

    public bool IsAllocated(ulong pa) => _k.PageAllocated(pa) == 1;

    public void ReadPool(int pool, Span<int> counts, Span<bool> allocated) => _k.ReadPool(pool, counts, allocated);

    public int UsedPages(int pool) => checked((int)_k.Pools[pool].UsedPages);

    public int MaxOrder(int pool) => (int)_k.Pools[pool].MaxOrder;

    /// <summary>The kernel's memory keeps no record of what was written: every page may hold data.</summary>
    public void ReadWritten(int pool, Span<bool> written) => written.Fill(true);
}
