using Harness.Properties.Backends;

namespace Harness.Properties.Oracle;

/// <summary>
/// The oracle's account of one pool (spec 3.1): which pages are in allocated blocks and each page's
/// reference count, as the allocator events say, and the largest order the spec gives the pool. It is
/// compared with what the backend reports, never taken from it.
/// </summary>
public sealed class PoolState
{
    public PoolState(PoolInfo info, int index, bool fixedMaxOrder)
    {
        Info = info;
        Index = index;
        Allocated = new bool[info.Pages];
        Count = new int[info.Pages];
        MaxOrder = SpecMaxOrder(info.Pages, fixedMaxOrder);
    }

    public PoolInfo Info { get; }

    /// <summary>The pool's position in <see cref="ITableMemory.Pools"/>.</summary>
    public int Index { get; }

    public bool[] Allocated { get; }

    public int[] Count { get; }

    /// <summary>Where a sweep reads the allocator's counts and allocation state to compare them with these.</summary>
    internal int[] CountsInMemory => _countsInMemory ??= new int[Info.Pages];

    /// <inheritdoc cref="CountsInMemory"/>
    internal bool[] AllocatedInMemory => _allocatedInMemory ??= new bool[Info.Pages];

    /// <summary>Where a deep sweep reads which pages may hold data (<see cref="ITableMemory.ReadWritten"/>).</summary>
    internal bool[] WrittenInMemory => _writtenInMemory ??= new bool[Info.Pages];

    private bool[]? _writtenInMemory;
    private int[]? _countsInMemory;
    private bool[]? _allocatedInMemory;

    /// <summary>Pages in allocated blocks.</summary>
    public int Used { get; set; }

    /// <summary>Free lists exist for orders 0 .. MaxOrder - 1.</summary>
    public int MaxOrder { get; }

    /// <summary>
    /// Spec 3.1: max_order = min(MAX_ORDER 11, get_order(nr_pages pages)) in v5.13, and
    /// get_order(nr_pages + 1 pages) with the v5.17 fix; get_order(n pages) is the smallest k with
    /// 2^k >= n (0 pages: the kernel's arithmetic wraps far above 11).
    /// </summary>
    public static int SpecMaxOrder(int pages, bool fixedMaxOrder)
    {
        var n = (ulong)pages + (fixedMaxOrder ? 1UL : 0UL);
        var order = 0;
        while (order < 64 && (1UL << order) < n)
        {
            order++;
        }
        return n == 0 ? 11 : Math.Min(11, order);
    }

    /// <summary>
    /// Whether a free block of 2^<paramref name="order"/> pages exists, aligned to its size in physical
    /// memory as buddies are (spec 3.1, claim 4).
    /// </summary>
    public bool HasFreeBlock(int order)
    {
        var size = 1 << order;
        var pfn = Info.BasePa >> Info.PageShift;
        var first = (int)((ulong)(size - (int)(pfn & (ulong)(size - 1))) & (ulong)(size - 1));
        for (var head = first; head + size <= Allocated.Length; head += size)
        {
            var free = true;
            for (var k = 0; k < size && free; k++)
            {
                free = !Allocated[head + k];
            }
            if (free)
            {
                return true;
            }
        }
        return false;
    }
}
