using System.Runtime.CompilerServices;

namespace Harness.Implementation;

/// <summary>
/// The memory a page table lives in: the pools its table pages come from, reached by physical address.
/// Mirrors <c>struct kvm_pgtable_mm_ops</c> (kvm_pgtable.h, v5.13) as the pKVM hypervisor fills it
/// (<c>hyp_get_page</c>, <c>hyp_put_page</c>, <c>hyp_page_count</c>, <c>zalloc_page</c> from a memcache).
/// </summary>
/// <remarks>
/// A page knows its pool (as v5.13's <c>struct hyp_page</c> does), so get/put route by address. An
/// access outside every pool, or to a free page, is logged rather than thrown: a seeded bug may corrupt
/// a table address, and the harness must report that, not crash.
/// </remarks>
public sealed class MmOps
{
    private readonly PagePool[] _pools;

    /// <summary>The pool the last access hit.</summary>
    private PagePool? _last;

    public MmOps(EventLog log, AllocFaultInjector faults, params PagePool[] pools)
    {
        Log = log;
        Faults = faults;
        _pools = pools;
    }

    public EventLog Log { get; }

    public AllocFaultInjector Faults { get; }

    public IReadOnlyList<PagePool> Pools => _pools;

    /// <summary>Pages allocated from every pool, roots included.</summary>
    public int UsedPages
    {
        get
        {
            var used = 0;
            foreach (var p in _pools)
            {
                used += p.UsedPages;
            }
            return used;
        }
    }

    /// <summary>The pool holding <paramref name="pa"/>, or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PagePool? PoolOf(ulong pa)
    {
        // Accesses come in runs over one pool: try the last one first, inline.
        var last = _last;
        return last is not null && last.Contains(pa) ? last : FindPool(pa);
    }

    private PagePool? FindPool(ulong pa)
    {
        foreach (var p in _pools)
        {
            if (p.Contains(pa))
            {
                return _last = p;
            }
        }
        return null;
    }

    /// <summary>Mirrors <c>zalloc_page(memcache)</c>: one zeroed page with refcount 1, or null (-ENOMEM).</summary>
    public ulong? ZallocPage(PagePool? memcache) => memcache?.AllocPages(0);

    /// <summary>Mirrors <c>hyp_page_count</c>; 0 outside every pool.</summary>
    public int PageCount(ulong pa) => PoolOf(pa)?.PageCount(pa) ?? 0;

    /// <summary>Mirrors <c>hyp_get_page</c>.</summary>
    public void GetPage(ulong pa)
    {
        if (PoolOf(pa) is { } pool)
        {
            pool.GetPage(pa);
        }
        else
        {
            Log.Add(new Event(EventKind.WildAccess, pa, 0, 0, 0, 0));
        }
    }

    /// <summary>Mirrors <c>hyp_put_page</c>.</summary>
    public void PutPage(ulong pa)
    {
        if (PoolOf(pa) is { } pool)
        {
            pool.PutPage(pa);
        }
        else
        {
            Log.Add(new Event(EventKind.WildAccess, pa, 0, 0, 0, 0));
        }
    }

    /// <summary>Reads a descriptor; 0 (and a logged event) outside every pool.</summary>
    public ulong Read(ulong tablePa, int index) => ReadIn(PoolOf(tablePa), tablePa, index);

    /// <summary>
    /// Logs a descriptor write with the value it replaces, then makes it: a read, the event and a write,
    /// with the events each logs on its own (outside every pool, or into a free page), for one look-up of
    /// the pool. Every descriptor store of the walker comes through here.
    /// </summary>
    public void WriteLogged(ulong tablePa, int index, ulong value, ulong ipa, int level)
    {
        var pool = PoolOf(tablePa);
        var old = ReadIn(pool, tablePa, index);
        Log.Add(new Event(EventKind.PteWrite, tablePa + ((ulong)index << 3), ipa, level, old, value));
        WriteIn(pool, tablePa, index, value);
    }

    /// <summary>Writes a descriptor; ignored (and logged) outside every pool.</summary>
    public void Write(ulong tablePa, int index, ulong value) => WriteIn(PoolOf(tablePa), tablePa, index, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong ReadIn(PagePool? pool, ulong tablePa, int index)
    {
        if (pool is null)
        {
            Log.Add(new Event(EventKind.WildAccess, tablePa, 0, 0, 0, 0));
            return 0;
        }
        var value = pool.Read(tablePa, index, out var free);
        if (free)
        {
            Log.Add(new Event(EventKind.AccessToFreePage, tablePa, 0, 0, 0, 0));
        }
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteIn(PagePool? pool, ulong tablePa, int index, ulong value)
    {
        if (pool is null)
        {
            Log.Add(new Event(EventKind.WildAccess, tablePa, 0, 0, 0, 0));
        }
        else if (pool.Write(tablePa, index, value))
        {
            Log.Add(new Event(EventKind.AccessToFreePage, tablePa, 0, 0, 0, 0));
        }
    }
}
