using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using Harness.Implementation;
using Harness.Properties.Backends;

namespace Harness.Properties.Oracle;

/// <summary>
/// The oracle's view of the page tables and their pools, built from memory once and then kept up to date
/// from the event stream alone: every logged write, link and unlink of a table, allocation, free, get and
/// put. It records what the stream says that the spec forbids (a write into a page that is no table, a
/// table linked twice, an allocation of a used page, a count that moves inconsistently), and which pages
/// and slots the current step touched, so that claims can be checked on exactly that scope. A sweep
/// (<see cref="ShadowSweep"/>) compares it with memory, so a change the log missed is found too.
/// </summary>
public sealed class TableShadow
{
    private readonly ITableMemory _memory;
    private readonly PoolState[] _pools;
    private readonly ShadowPage?[][] _pages;
    private readonly int[] _attached;
    /// <summary>The arrays of pages freed this step, each with the slot past which it is zero (<see cref="ShadowPage.HighWater"/>).</summary>
    private readonly List<(ulong[] Entries, int HighWater)> _releasedThisStep = [];
    private readonly Dictionary<string, Violation> _findings = new(StringComparer.Ordinal);

    /// <summary>
    /// The table page the last write or count move hit, while it is allocated, with its pool's counts and
    /// its index there: a walk writes a page's slots one after another, and a write's count move is on the
    /// page it wrote, so most events need neither the pool search nor the allocation check again (a page
    /// stays allocated until a free, which forgets it). Forgotten whenever a page of
    /// <see cref="_pages"/> is replaced or dropped, and at every free.
    /// </summary>
    private ShadowPage? _lastPage;
    private int[] _lastCounts = [];
    private int _lastIndex;

    /// <summary>The table page size (both tables have the granule's), kept: every event asks.</summary>
    private readonly ulong _pageSize;

    public TableShadow(ITableMemory memory, SpecGeometry geometry, bool fixedMaxOrder, CheckScratch scratch)
    {
        _memory = memory;
        Scratch = scratch;
        Geometry = geometry;
        _pools = [.. memory.Pools.Select((p, i) => new PoolState(p, i, fixedMaxOrder))];
        _pages = [.. memory.Pools.Select(p => new ShadowPage?[p.Pages])];
        _attached = new int[_pools.Length];
        _pageSize = 1UL << geometry.PageShift;
        foreach (var pool in _pools)
        {
            memory.ReadPool(pool.Index, pool.Count, pool.Allocated);
            pool.Used = pool.Allocated.AsSpan().Count(true);
        }
        if (memory.Root is { } root)
        {
            for (var i = 0; i < geometry.RootPages; i++)
            {
                Roots.Add(Adopt(root + ((ulong)i << geometry.PageShift), geometry.StartLevel, geometry.RootBase(i), isHyp: false, rootIndex: i));
            }
        }
        if (memory.HypRoot is var (hypPa, _, vaBits))
        {
            HypGeometry = SpecGeometry.HypStage1(geometry.PageShift, vaBits);
            HypRoot = Adopt(hypPa, HypGeometry.Value.StartLevel, 0, isHyp: true, rootIndex: 0);
        }
    }

    /// <summary>The stage-2 table's geometry (spec 1.1-1.3).</summary>
    public SpecGeometry Geometry { get; }

    /// <summary>The hypervisor stage 1's geometry (spec 1.4), when there is one.</summary>
    public SpecGeometry? HypGeometry { get; }

    public List<ShadowPage> Roots { get; } = [];

    public ShadowPage? HypRoot { get; }

    public IReadOnlyList<PoolState> Pools => _pools;

    /// <summary>The buffers the checks reuse (lists of leaves and ranges, page arrays).</summary>
    public CheckScratch Scratch { get; }

    /// <summary>Pages the current step wrote, linked, allocated, freed or whose count moved.</summary>
    public List<ShadowPage> TouchedPages => Scratch.TouchedPages;

    /// <summary>
    /// Slots the current step wrote, in order, as runs of consecutive slots written one after another (a
    /// slot written twice is listed twice), each with its page's position in <see cref="TouchedPages"/>.
    /// </summary>
    public List<WrittenSlot> WrittenSlots => Scratch.WrittenSlots;

    /// <summary>Pages (physical addresses) freed by the current step.</summary>
    public List<ulong> FreedPages => Scratch.FreedPages;

    /// <summary>Pool pages (attached table pages) per pool.</summary>
    public int AttachedPages(int pool) => _attached[pool];

    /// <summary>The first finding of the current step for <paramref name="claim"/>, or null.</summary>
    public Violation? Finding(string claim) => _findings.GetValueOrDefault(claim);

    /// <summary>Forgets what the previous step touched and found.</summary>
    public void BeginStep()
    {
        foreach (var p in TouchedPages)
        {
            p.Touched = false;
        }
        TouchedPages.Clear();
        WrittenSlots.Clear();
        FreedPages.Clear();
        _findings.Clear();
        // Arrays of pages freed last step are reused only now: that step's lists may still have named them.
        ReturnReleased();
    }

    /// <summary>Records that the spec's claim broke while following the stream (the first finding per claim is kept).</summary>
    public void Report(string claim, string why, ulong? page = null, string? expected = null, string? actual = null) =>
        _findings.TryAdd(claim, new Violation(claim, why, page, expected, actual));

    /// <summary>The shadow page holding <paramref name="pa"/>, or null.</summary>
    public ShadowPage? PageAt(ulong pa) => PoolOf(pa, out var pool, out var index) ? _pages[pool][index] : null;

    /// <summary>The pool and page index of <paramref name="pa"/>.</summary>
    public bool PoolOf(ulong pa, out int pool, out int index)
    {
        for (var p = 0; p < _pools.Length; p++)
        {
            var info = _pools[p].Info;
            if (info.Contains(pa))
            {
                pool = p;
                index = info.PageIndex(pa);
                return true;
            }
        }
        pool = index = -1;
        return false;
    }

    /// <summary>Whether <paramref name="pa"/> is in the page <see cref="_lastPage"/> names (and there is one).</summary>
    private bool InLastPage(ulong pa) => _lastPage is { } last && pa - last.Pa < _pageSize;

    /// <summary>
    /// The shadow page holding <paramref name="pa"/> (null when there is none), its pool's counts, its index
    /// and whether it is allocated, found without <see cref="_lastPage"/>, which it sets when the page is a
    /// table page and allocated; false when <paramref name="pa"/> is outside every pool.
    /// </summary>
    private bool Locate(ulong pa, out ShadowPage? page, out int[] counts, out int index, out bool allocated)
    {
        if (!PoolOf(pa, out var pool, out index))
        {
            (page, counts, allocated) = (null, [], false);
            return false;
        }
        page = _pages[pool][index];
        counts = _pools[pool].Count;
        allocated = _pools[pool].Allocated[index];
        if (page is not null && allocated)
        {
            (_lastPage, _lastCounts, _lastIndex) = (page, counts, index);
        }
        return true;
    }

    /// <summary>Puts <paramref name="page"/> (or nothing) at a pool page: the only way <see cref="_pages"/> changes.</summary>
    private void SetPage(int pool, int index, ShadowPage? page)
    {
        _pages[pool][index] = page;
        _lastPage = null;
    }

    public SpecGeometry GeometryOf(ShadowPage page) => page.IsHyp ? HypGeometry!.Value : Geometry;

    /// <summary>
    /// The table page that slot <paramref name="index"/> of <paramref name="page"/> links and the shadow
    /// holds as linked from that slot; null for a leaf, an empty slot, or a table descriptor the shadow
    /// did not see linked there (the walks of the tree follow only what the log linked).
    /// </summary>
    public ShadowPage? LinkedChild(ShadowPage page, int index)
    {
        var d = new Descriptor(page.Entries[index]);
        // Both tables, the stage 2 and the hypervisor's stage 1, have the granule's page size.
        return d.IsTable(page.Level) && PageAt(d.OutputAddress(Geometry.PageShift)) is { } child && child.ParentSlot == page.SlotAddress(index) ? child : null;
    }

    /// <summary>
    /// Places a logged write in the tree and applies it: the old value must be what the shadow holds; a
    /// cleared table descriptor detaches its subtree; a new table descriptor links its page.
    /// </summary>
    public WriteContext ApplyWrite(in Event e)
    {
        ShadowPage? page;
        var allocated = true;
        if (InLastPage(e.Pa))
        {
            page = _lastPage!;
        }
        else
        {
            Locate(e.Pa, out page, out _, out _, out allocated);
            if (page is null)
            {
                return ReportStrayWrite(e);
            }
        }
        var index = (int)((e.Pa - page.Pa) >> 3);
        var start = page.SlotStart(index);
        var entries = page.Entries;
        var held = entries[index];
        if (held != e.Old || !allocated)
        {
            ReportWrite(page, e.Pa, start, held, e.Old, allocated);
        }
        // Both tables, the stage 2 and the hypervisor's stage 1, have the granule's page size.
        var pageShift = Geometry.PageShift;
        var heldTable = new Descriptor(held).IsTable(page.Level);
        if (heldTable)
        {
            Detach(new Descriptor(held).OutputAddress(pageShift), e.Pa);
        }
        entries[index] = e.New;
        if (index >= page.HighWater && e.New != 0)
        {
            page.HighWater = index + 1;
        }
        page.Counted += (e.New != 0 ? 1 : 0) - (held != 0 ? 1 : 0);
        Touch(page);
        var newTable = new Descriptor(e.New).IsTable(page.Level);
        NoteWritten(page.StepIndex, index, !(newTable && (held == 0 || heldTable)));
        if (newTable)
        {
            Link(page, index, new Descriptor(e.New).OutputAddress(pageShift), start);
        }
        return new WriteContext(page, index, e.Pa, start, page.SlotSize, new Descriptor(e.Old), new Descriptor(e.New));
    }

    /// <summary>Lists a written slot: the next slot of the last run extends it.</summary>
    private void NoteWritten(int page, int index, bool changesPages)
    {
        var slots = CollectionsMarshal.AsSpan(WrittenSlots);
        if (slots.Length > 0)
        {
            ref var last = ref slots[^1];
            if (last.Page == page && last.Index + last.Count == index && last.ChangesPages == changesPages)
            {
                last = last with { Count = last.Count + 1 };
                return;
            }
        }
        WrittenSlots.Add(new WrittenSlot(page, index, 1, changesPages));
    }

    /// <summary>A write into no page the shadow knows as a table (out of the way of <see cref="ApplyWrite"/>, as are the next).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private WriteContext ReportStrayWrite(in Event e)
    {
        Report(Claims.TreeShape, $"a descriptor was written at 0x{e.Pa:x}, which is in no live table page", null, "a write into a table page", $"write of 0x{e.New:x16}");
        return new WriteContext(null, -1, e.Pa, 0, 0, new Descriptor(e.Old), new Descriptor(e.New));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportWrite(ShadowPage page, ulong slotPa, ulong start, ulong held, ulong loggedOld, bool allocated)
    {
        if (held != loggedOld)
        {
            Report(Claims.LogComplete, $"the L{page.Level} slot at 0x{slotPa:x} held 0x{held:x16}, but its logged write says it held 0x{loggedOld:x16}", start, $"0x{held:x16}", $"0x{loggedOld:x16}");
        }
        if (!allocated)
        {
            Report(Claims.NoUseAfterFree, $"a descriptor was written into the free page 0x{page.Pa:x}", start);
        }
    }

    /// <summary>Follows one allocator or maintenance event (writes go to <see cref="ApplyWrite"/>, gets and puts to <see cref="CountMoved"/>).</summary>
    public void Apply(in Event e)
    {
        switch (e.Kind)
        {
            case EventKind.Alloc:
                Allocate(e.Pa, (int)e.Old);
                break;
            case EventKind.Free:
                FreeBlock(e.Pa, (int)e.Old);
                break;
            case EventKind.AllocFailed:
                AllocationFailed(e);
                break;
            case EventKind.PutOnFreePage:
                Report(Claims.NoUseAfterFree, $"a reference was dropped on page 0x{e.Pa:x}, whose count was already 0");
                break;
            case EventKind.AccessToFreePage:
                Report(Claims.NoUseAfterFree, $"the free page 0x{e.Pa:x} was used as a table");
                break;
            case EventKind.WildAccess:
                Report(Claims.NoUseAfterFree, $"a table address outside every pool was followed (0x{e.Pa:x})");
                break;
            case EventKind.CorruptingFree:
                Report(Claims.NoUseAfterFree, $"the tail page 0x{e.Pa:x} of a block dropped to count 0 and would be freed with no order (the kernel corrupts its free lists)");
                break;
            case EventKind.KernelBug:
                Report(Claims.NoUseAfterFree, "the kernel hit BUG()");
                break;
        }
    }

    public bool IsAllocated(ulong pa) => PoolOf(pa, out var p, out var i) && _pools[p].Allocated[i];

    public int CountOf(ulong pa) => PoolOf(pa, out var p, out var i) ? _pools[p].Count[i] : -1;

    private void Touch(ShadowPage page)
    {
        if (!page.Touched)
        {
            page.Touched = true;
            page.StepIndex = TouchedPages.Count;
            TouchedPages.Add(page);
        }
    }

    private void Link(ShadowPage parent, int index, ulong childPa, ulong start)
    {
        if (!PoolOf(childPa, out var pool, out var pageIndex))
        {
            Report(Claims.TreeShape, $"the L{parent.Level} table descriptor at 0x{parent.SlotAddress(index):x} points outside every pool", start, "a private, allocated table page", $"0x{childPa:x}");
            return;
        }
        var existing = _pages[pool][pageIndex];
        if (existing is { IsRoot: true } || (existing is { Attached: true }))
        {
            Report(Claims.TreeShape, $"the L{parent.Level} table descriptor at 0x{parent.SlotAddress(index):x} points to a {(existing.IsRoot ? "root page" : "table another descriptor points to")}", start, "a private, allocated table page", $"0x{childPa:x}");
            return;
        }
        if (!_pools[pool].Allocated[pageIndex])
        {
            Report(Claims.TreeShape, $"the L{parent.Level} table descriptor at 0x{parent.SlotAddress(index):x} points to a free page", start, "a private, allocated table page", $"0x{childPa:x}");
        }
        if (existing is not null && (existing.Level != parent.Level + 1 || existing.Start != start || existing.IsHyp != parent.IsHyp))
        {
            // A detached page linked again somewhere else: forget where it was.
            Release(existing);
            existing = null;
        }
        var child = existing ?? new ShadowPage(childPa, parent.Level + 1, start, parent.IsHyp, GeometryOf(parent).Shift(parent.Level + 1), NewEntries());
        SetPage(pool, pageIndex, child);
        child.ParentSlot = parent.SlotAddress(index);
        SetAttached(child, true);
        Touch(child);
    }

    private void Detach(ulong childPa, ulong slotPa)
    {
        if (PageAt(childPa) is { } child && child.ParentSlot == slotPa)
        {
            child.ParentSlot = 0;
            SetAttached(child, false);
        }
    }

    /// <summary>Marks a page and the tables below it reachable or not.</summary>
    private void SetAttached(ShadowPage page, bool attached)
    {
        if (page.Attached == attached)
        {
            return;
        }
        page.Attached = attached;
        if (PoolOf(page.Pa, out var pool, out _))
        {
            _attached[pool] += attached ? 1 : -1;
        }
        if (page.Level >= 3)
        {
            return;
        }
        for (var i = page.NextNonZero(0); i >= 0; i = page.NextNonZero(i + 1))
        {
            if (LinkedChild(page, i) is { } child)
            {
                SetAttached(child, attached);
            }
        }
    }

    private void Allocate(ulong pa, int order)
    {
        if (!PoolOf(pa, out var p, out var head))
        {
            Report(Claims.PoolAccounting, $"an allocation returned 0x{pa:x}, outside every pool");
            return;
        }
        var pool = _pools[p];
        if (order >= pool.MaxOrder)
        {
            Report(Claims.PoolAccounting, $"pool '{pool.Info.Name}' handed out an order-{order} block, but its free lists stop at order {pool.MaxOrder - 1} (spec 3.1)", null, $"order below {pool.MaxOrder}", $"order {order}");
        }
        for (var k = 0; k < 1 << order && head + k < pool.Allocated.Length; k++)
        {
            if (pool.Allocated[head + k])
            {
                Report(Claims.PoolAccounting, $"pool '{pool.Info.Name}' handed out page 0x{pool.Info.PageAddress(head + k):x}, which was already allocated");
            }
            if (pool.Count[head + k] != 0)
            {
                Report(Claims.PoolAccounting, $"pool '{pool.Info.Name}' handed out page 0x{pool.Info.PageAddress(head + k):x} whose count was {pool.Count[head + k]}, not 0 (spec 3.1)");
            }
            pool.Allocated[head + k] = true;
            pool.Used++;
        }
        pool.Count[head] = 1;
        if (_pages[p][head] is { } page)
        {
            Touch(page);
        }
    }

    private void FreeBlock(ulong pa, int order)
    {
        _lastPage = null;
        if (!PoolOf(pa, out var p, out var head))
        {
            Report(Claims.PoolAccounting, $"a block at 0x{pa:x}, outside every pool, was freed");
            return;
        }
        var pool = _pools[p];
        for (var k = 0; k < 1 << order && head + k < pool.Allocated.Length; k++)
        {
            var pagePa = pool.Info.PageAddress(head + k);
            if (!pool.Allocated[head + k])
            {
                Report(Claims.NoUseAfterFree, $"the free page 0x{pagePa:x} was freed again");
            }
            if (pool.Count[head + k] != 0)
            {
                Report(Claims.PoolAccounting, $"page 0x{pagePa:x} was freed with count {pool.Count[head + k]}, not 0 (spec 3.1)");
            }
            pool.Used -= pool.Allocated[head + k] ? 1 : 0;
            pool.Allocated[head + k] = false;
            if (_pages[p][head + k] is { } page)
            {
                if (page.Attached)
                {
                    Report(Claims.TreeShape, $"the linked L{page.Level} table 0x{pagePa:x} was freed while a descriptor still points to it", page.Start, "unlinked before it is freed", "still linked");
                }
                Release(page);
                SetPage(p, head + k, null);
            }
            FreedPages.Add(pagePa);
        }
    }

    /// <summary>Follows a get or a put: the count must move by one from what the oracle holds.</summary>
    public void CountMoved(in Event e)
    {
        ShadowPage? page;
        int[] counts;
        int i;
        var allocated = true;
        if (InLastPage(e.Pa))
        {
            (page, counts, i) = (_lastPage, _lastCounts, _lastIndex);
        }
        else if (!Locate(e.Pa, out page, out counts, out i, out allocated))
        {
            ReportCountOutsidePools(e);
            return;
        }
        var held = counts[i];
        var step = e.Kind == EventKind.Get ? 1 : -1;
        if ((long)e.Old != held || (long)e.New != (long)e.Old + step || (step < 0 && e.Old == 0) || !allocated)
        {
            ReportCountMove(e, held, allocated);
        }
        counts[i] = (int)e.New;
        if (page is not null)
        {
            Touch(page);
        }
    }

    /// <summary>What is wrong with a get or put (out of the way of <see cref="CountMoved"/>, which runs for nearly every write).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportCountMove(in Event e, int held, bool allocated)
    {
        var step = e.Kind == EventKind.Get ? 1 : -1;
        if ((long)e.Old != held || (long)e.New != (long)e.Old + step)
        {
            Report(Claims.RefcountConsistency, $"a {(step > 0 ? "get" : "put")} on page 0x{e.Pa:x} moved its count from {e.Old} to {e.New}; the oracle held {held}", null, $"{held} -> {held + step}", $"{e.Old} -> {e.New}");
        }
        if (step < 0 && e.Old == 0)
        {
            Report(Claims.NoUseAfterFree, $"a put on page 0x{e.Pa:x} took its count below 0");
        }
        if (!allocated)
        {
            Report(Claims.NoUseAfterFree, $"a reference was {(step > 0 ? "taken on" : "dropped on")} the free page 0x{e.Pa:x}");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportCountOutsidePools(in Event e) =>
        Report(Claims.NoUseAfterFree, $"a reference was {(e.Kind == EventKind.Get ? "taken on" : "dropped on")} 0x{e.Pa:x}, outside every pool");

    private void AllocationFailed(in Event e)
    {
        if (e.New != 0 || !PoolOf(e.Pa, out var p, out _))
        {
            return;
        }
        var pool = _pools[p];
        var order = (int)e.Old;
        if (order < pool.MaxOrder && pool.HasFreeBlock(order))
        {
            Report(Claims.PoolAccounting, $"pool '{pool.Info.Name}' refused an order-{order} allocation though it has a free aligned block of that order (spec 3.1)", null, "the allocation succeeds", "refused");
        }
    }

    /// <summary>A shadow page for a page that is already part of the tree when the oracle starts watching.</summary>
    private ShadowPage Adopt(ulong pa, int level, ulong start, bool isHyp, int rootIndex)
    {
        var page = new ShadowPage(pa, level, start, isHyp, (isHyp ? HypGeometry!.Value : Geometry).Shift(level), NewEntries()) { RootIndex = rootIndex };
        // The array comes zeroed: only a page with something in it is copied and counted (memory says at
        // once of a page never written that it is zero: a new world's root, 64 KiB with the 64K granule).
        var inMemory = _memory.IsZero(pa) ? [] : _memory.Page(pa);
        if (inMemory.ContainsAnyExcept(0UL))
        {
            inMemory.CopyTo(page.Entries);
            page.HighWater = inMemory.LastIndexOfAnyExcept(0UL) + 1;
            page.Counted = page.Entries.Length - page.Entries.AsSpan().Count(0UL);
        }
        if (PoolOf(pa, out var pool, out var index))
        {
            SetPage(pool, index, page);
        }
        SetAttached(page, true);
        if (level < 3)
        {
            var geo = isHyp ? HypGeometry!.Value : Geometry;
            for (var i = page.NextNonZero(0); i >= 0; i = page.NextNonZero(i + 1))
            {
                var d = new Descriptor(page.Entries[i]);
                if (d.IsTable(level))
                {
                    var child = Adopt(d.OutputAddress(geo.PageShift), level + 1, page.SlotStart(i), isHyp, -1);
                    child.ParentSlot = page.SlotAddress(i);
                }
            }
        }
        return page;
    }

    private ulong[] NewEntries() => RecycledPages.Rent(Geometry.Entries);

    /// <summary>Gives every page array back to the scratch: the world is done with the shadow.</summary>
    public void ReleaseAll()
    {
        foreach (var pool in _pages)
        {
            for (var i = 0; i < pool.Length; i++)
            {
                if (pool[i] is { } page)
                {
                    Return(page.Entries, page.HighWater);
                    pool[i] = null;
                }
            }
        }
        _lastPage = null;
        ReturnReleased();
    }

    private void ReturnReleased()
    {
        foreach (var (entries, highWater) in _releasedThisStep)
        {
            Return(entries, highWater);
        }
        _releasedThisStep.Clear();
    }

    /// <summary>Hands a page array back cleared only as far as it was ever written: a 64K-granule table is 64 KiB, mostly never written.</summary>
    private static void Return(ulong[] entries, int highWater)
    {
        Array.Clear(entries, 0, highWater);
        RecycledPages.ReturnZeroed(entries);
    }

    private void Release(ShadowPage page)
    {
        if (page.Attached)
        {
            SetAttached(page, false);
        }
        _releasedThisStep.Add((page.Entries, page.HighWater));
    }
}
