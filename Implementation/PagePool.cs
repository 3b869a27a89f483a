using System.Runtime.CompilerServices;

namespace Harness.Implementation;

/// <summary>
/// A physically contiguous range of simulated pages with a buddy allocator and a reference count per
/// page: the hypervisor's <c>hyp_pool</c> (page_alloc.c, v5.13; spec 3.1). Table pages live here, and
/// their descriptors are read and written through physical addresses, as the hardware walker does.
/// </summary>
/// <remarks>
/// Free memory is always zero, so allocations hand out zeroed pages. Page contents are created on first
/// write and kept (cleared) after a free, which keeps a long campaign from churning the heap.
/// </remarks>
public sealed class PagePool
{
    /// <summary>Mirrors <c>MAX_ORDER</c> (arm64 default).</summary>
    public const int MaxOrderLimit = 11;

    private const int NoPage = -1;

    private readonly ulong[]?[] _contents;

    private readonly int[] _refcount;
    private readonly byte[] _order;
    private readonly bool[] _isFree;
    private readonly int[] _next;
    private readonly int[] _prev;
    private readonly int[] _freeHead;
    private readonly int[] _freeTail;
    private readonly int _entries;

    /// <summary>Marks the tail pages of an allocated block: only the head carries an order (the kernel's <c>HYP_NO_ORDER</c>).</summary>
    private const byte NoOrder = byte.MaxValue;

    /// <summary>
    /// A pool of <paramref name="nrPages"/> pages at <paramref name="basePa"/>, every page free.
    /// Mirrors <c>hyp_pool_init</c> with no reserved pages (the free lists a pool of the same shape had
    /// after attaching are copied when this thread kept them: <see cref="FreshPoolState"/>); <paramref name="fixedMaxOrder"/> applies the
    /// v5.17 order computation (<see cref="Fix.PoolMaxOrder"/>); a non-zero order bias is only ever
    /// <see cref="Bug.PoolMaxOrderTooSmall"/>'s.
    /// </summary>
    public PagePool(string name, ulong basePa, int nrPages, int pageShift, EventLog log, AllocFaultInjector faults, bool fixedMaxOrder = false, int orderBias = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nrPages);
        Name = name;
        BasePa = basePa;
        NrPages = nrPages;
        PageShift = pageShift;
        Log = log;
        Faults = faults;
        EndPa = basePa + ((ulong)nrPages << pageShift);
        _entries = 1 << (pageShift - 3);
        _contents = new ulong[]?[nrPages];
        _refcount = new int[nrPages];
        _order = new byte[nrPages];
        _isFree = new bool[nrPages];
        _next = new int[nrPages];
        _prev = new int[nrPages];
        MaxOrder = Math.Max(0, Math.Min(MaxOrderLimit, fixedMaxOrder ? GetOrder((ulong)nrPages + 1) : GetOrder((ulong)nrPages)) + orderBias);
        _freeHead = new int[Math.Max(MaxOrder, 1)];
        _freeTail = new int[Math.Max(MaxOrder, 1)];
        if (FreshPoolState.Find(nrPages, MaxOrder) is { } fresh)
        {
            fresh.CopyTo(_order, _next, _prev, _freeHead, _freeTail);
            Array.Fill(_isFree, true);
            return;
        }
        Array.Fill(_freeHead, NoPage);
        Array.Fill(_freeTail, NoPage);
        Array.Fill(_next, NoPage);
        Array.Fill(_prev, NoPage);
        for (var i = 0; i < nrPages; i++)
        {
            Attach(i, 0);
        }
        FreshPoolState.Keep(nrPages, MaxOrder, _order, _next, _prev, _freeHead, _freeTail);
    }

    /// <summary>
    /// Mirrors <c>get_order</c> on a size of <paramref name="pages"/> pages: the smallest k with 2^k pages
    /// covering it; for 0 the kernel's arithmetic wraps and yields 64 - PAGE_SHIFT, far above any limit.
    /// v5.13 sizes a pool of 2^k pages at order k, so its free lists stop at k-1 (spec 3.1).
    /// </summary>
    public static int GetOrder(ulong pages) => pages == 0 ? 64 : 64 - System.Numerics.BitOperations.LeadingZeroCount(pages - 1);

    public string Name { get; }

    public ulong BasePa { get; }

    public int NrPages { get; }

    public int PageShift { get; }

    /// <summary>Free lists exist for orders 0 .. MaxOrder-1.</summary>
    public int MaxOrder { get; }

    public EventLog Log { get; }

    public AllocFaultInjector Faults { get; }

    /// <summary>Pages not free: allocated blocks, whatever their reference counts.</summary>
    public int UsedPages { get; private set; }

    public int FreePages => NrPages - UsedPages;

    /// <summary>The first address past the pool (kept, not computed: every descriptor access asks).</summary>
    public ulong EndPa { get; }

    public bool Contains(ulong pa) => pa >= BasePa && pa < EndPa;

    /// <summary>Whether the page holding <paramref name="pa"/> is on a free list (or inside a free block).</summary>
    public bool IsFree(ulong pa) => _isFree[PageIndex(pa)];

    /// <summary>Mirrors <c>hyp_page_count</c>.</summary>
    public int PageCount(ulong pa) => _refcount[PageIndex(pa)];

    /// <summary>Every page's count and whether it is allocated (in an allocated block), in page order.</summary>
    public void CopyState(Span<int> counts, Span<bool> allocated)
    {
        _refcount.CopyTo(counts);
        for (var i = 0; i < _isFree.Length; i++)
        {
            allocated[i] = !_isFree[i];
        }
    }

    /// <summary>
    /// Mirrors <c>hyp_alloc_pages</c>: the first block of the smallest non-empty order at least
    /// <paramref name="order"/>, split down, its head at refcount 1. Null when nothing fits or the fault
    /// injector says so.
    /// </summary>
    public ulong? AllocPages(int order)
    {
        if (Faults.ShouldFail())
        {
            Log.Add(new Event(EventKind.AllocFailed, BasePa, 0, 0, (ulong)Math.Max(order, 0), 1));
            return null;
        }
        // An impossible order finds nothing, like an empty pool.
        var o = order < 0 ? MaxOrder : order;
        while (o < MaxOrder && _freeHead[o] == NoPage)
        {
            o++;
        }
        if (o >= MaxOrder)
        {
            Log.Add(new Event(EventKind.AllocFailed, BasePa, 0, 0, (ulong)Math.Max(order, 0), 0));
            return null;
        }
        var head = _freeHead[o];
        Unlink(head, o);
        // Split: the upper half of each split goes back on the free list one order down.
        while (o > order)
        {
            o--;
            var buddy = head + (1 << o);
            _order[buddy] = (byte)o;
            LinkTail(buddy, o);
        }
        MarkAllocated(head, order);
        _order[head] = (byte)order;
        _refcount[head] = 1;
        var pa = PaOf(head);
        Log.Add(new Event(EventKind.Alloc, pa, 0, 0, (ulong)order, 0));
        return pa;
    }

    /// <summary>
    /// Mirrors <c>hyp_split_page</c> (v5.15): gives every page of an allocated block its own refcount
    /// of 1, so each can be put and freed on its own (the fixed host root refcount, spec 3.3).
    /// </summary>
    public void SplitPage(ulong headPa)
    {
        var head = PageIndex(headPa);
        var order = _order[head];
        for (var i = 1; i < 1 << order; i++)
        {
            _order[head + i] = 0;
            _refcount[head + i] = 1;
        }
        _order[head] = 0;
    }

    /// <summary>Mirrors <c>hyp_get_page</c>.</summary>
    public void GetPage(ulong pa)
    {
        var i = PageIndex(pa);
        if (_isFree[i])
        {
            Log.Add(new Event(EventKind.AccessToFreePage, pa, 0, 0, 0, 0));
        }
        _refcount[i]++;
        Log.Add(new Event(EventKind.Get, PaOf(i), 0, 0, (ulong)_refcount[i] - 1, (ulong)_refcount[i]));
    }

    /// <summary>
    /// Mirrors <c>hyp_put_page</c>: frees the page's block when its count reaches 0. A put at 0 is logged
    /// and ignored (v5.13 would wrap the counter silently).
    /// </summary>
    public void PutPage(ulong pa)
    {
        var i = PageIndex(pa);
        if (_refcount[i] == 0)
        {
            Log.Add(new Event(EventKind.PutOnFreePage, PaOf(i), 0, 0, 0, 0));
            return;
        }
        if (_refcount[i] == 1 && _order[i] == NoOrder)
        {
            // A tail page of a block (v5.13's concatenated root) has no order of its own: the kernel would
            // free it into a free list indexed by HYP_NO_ORDER and corrupt memory. Report, do not free.
            _refcount[i] = 0;
            Log.Add(new Event(EventKind.CorruptingFree, PaOf(i), 0, 0, 0, 0));
            return;
        }
        _refcount[i]--;
        Log.Add(new Event(EventKind.Put, PaOf(i), 0, 0, (ulong)_refcount[i] + 1, (ulong)_refcount[i]));
        if (_refcount[i] == 0)
        {
            FreeBlock(i);
        }
    }

    /// <summary>Mirrors <c>hyp_put_page</c> on every page of a root ("free pages exact").</summary>
    public void FreePagesExact(ulong pa, int nrPages)
    {
        for (var k = 0; k < nrPages; k++)
        {
            var i = PageIndex(pa) + k;
            if (_refcount[i] == 0)
            {
                Log.Add(new Event(EventKind.PutOnFreePage, PaOf(i), 0, 0, 0, 0));
                continue;
            }
            _refcount[i] = 0;
            FreeBlock(i);
        }
    }

    /// <summary>Reads descriptor <paramref name="index"/> of the table page at <paramref name="tablePa"/>.</summary>
    public ulong Read(ulong tablePa, int index) => Read(tablePa, index, out _);

    /// <summary>As <see cref="Read(ulong, int)"/>, and whether the page read is free (a use after free).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Read(ulong tablePa, int index, out bool pageFree)
    {
        var i = PageIndex(tablePa);
        pageFree = _isFree[i];
        var page = _contents[i];
        return page is null ? 0 : page[index];
    }

    /// <summary>Writes descriptor <paramref name="index"/> of the table page at <paramref name="tablePa"/>; returns whether the page was free (a use after free).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Write(ulong tablePa, int index, ulong value)
    {
        var i = PageIndex(tablePa);
        var page = _contents[i] ??= RecycledPages.Rent(_entries);
        page[index] = value;
        return _isFree[i];
    }

    /// <summary>Every descriptor of the page at <paramref name="pagePa"/>, read in place: a page never written reads as zeros.</summary>
    public ReadOnlySpan<ulong> View(ulong pagePa) => _contents[PageIndex(pagePa)] is { } page ? page : ZeroPages.Of(_entries);

    /// <summary>
    /// Gives the page contents back for the next pool on this thread to use: the pool is done, and reads
    /// zeros from here on. Not a kernel operation; the harness calls it when it drops a table.
    /// </summary>
    public void Release()
    {
        for (var i = 0; i < _contents.Length; i++)
        {
            if (_contents[i] is { } page)
            {
                _contents[i] = null;
                RecycledPages.Return(page);
            }
        }
    }

    /// <summary>Whether each page, in page order, was ever written (a page never written reads as zeros).</summary>
    public void CopyWritten(Span<bool> written)
    {
        for (var i = 0; i < _contents.Length; i++)
        {
            written[i] = _contents[i] is not null;
        }
    }

    /// <summary>Whether every descriptor of the page is zero.</summary>
    public bool IsZero(ulong pa)
    {
        var page = _contents[PageIndex(pa)];
        return page is null || !page.AsSpan().ContainsAnyExcept(0UL);
    }

    private void FreeBlock(int i)
    {
        var order = _order[i];
        Log.Add(new Event(EventKind.Free, PaOf(i), 0, 0, order, 0));
        UsedPages -= 1 << order;
        Attach(i, order);
    }

    /// <summary>Mirrors <c>__hyp_attach_page</c>: zero the block, then merge with free buddies of the same order.</summary>
    private void Attach(int head, int order)
    {
        for (var k = 0; k < 1 << order; k++)
        {
            if (_contents[head + k] is { } page)
            {
                Array.Clear(page);
            }
            _isFree[head + k] = true;
        }
        while (order + 1 < MaxOrder)
        {
            var buddy = head ^ (1 << order);
            if (buddy + (1 << order) > NrPages || !_isFree[buddy] || _order[buddy] != order || !IsListed(buddy))
            {
                break;
            }
            Unlink(buddy, order);
            head = Math.Min(head, buddy);
            order++;
        }
        _order[head] = (byte)order;
        LinkTail(head, order);
    }

    private void MarkAllocated(int head, int order)
    {
        for (var k = 0; k < 1 << order; k++)
        {
            _isFree[head + k] = false;
            _order[head + k] = NoOrder;
        }
        UsedPages += 1 << order;
    }

    private bool IsListed(int page) => _prev[page] != NoPage || _freeHead[_order[page]] == page;

    private void LinkTail(int page, int order)
    {
        _next[page] = NoPage;
        _prev[page] = _freeTail[order];
        if (_freeTail[order] == NoPage)
        {
            _freeHead[order] = page;
        }
        else
        {
            _next[_freeTail[order]] = page;
        }
        _freeTail[order] = page;
    }

    private void Unlink(int page, int order)
    {
        if (_prev[page] == NoPage)
        {
            _freeHead[order] = _next[page];
        }
        else
        {
            _next[_prev[page]] = _next[page];
        }
        if (_next[page] == NoPage)
        {
            _freeTail[order] = _prev[page];
        }
        else
        {
            _prev[_next[page]] = _prev[page];
        }
        _next[page] = _prev[page] = NoPage;
    }

    /// <summary>The allocator's whole state, one line per array: for tests that two pools are in the same state.</summary>
    internal string DescribeState() => string.Join('\n',
        $"free heads {string.Join(' ', _freeHead)}",
        $"free tails {string.Join(' ', _freeTail)}",
        $"next {string.Join(' ', _next)}",
        $"prev {string.Join(' ', _prev)}",
        $"order {string.Join(' ', _order)}",
        $"free {string.Join(' ', _isFree.Select(f => f ? 1 : 0))}",
        $"counts {string.Join(' ', _refcount)}",
        $"used {UsedPages}");

    private int PageIndex(ulong pa) => (int)((pa - BasePa) >> PageShift);

    private ulong PaOf(int i) => BasePa + ((ulong)i << PageShift);
}
