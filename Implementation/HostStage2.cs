namespace Harness.Implementation;

/// <summary>
/// The pKVM host stage 2 (spec 6): memory regions, the lazy identity map built on host faults, and
/// donation of memory to the hypervisor. Mirrors <c>kvm_host_prepare_stage2</c>,
/// <c>handle_host_mem_abort</c>, <c>host_stage2_idmap</c>, <c>host_stage2_unmap_dev_all</c>,
/// <c>find_mem_range</c>, <c>range_is_memory</c> and <c>__pkvm_mark_hyp</c> (mem_protect.c, v5.13).
/// </summary>
public sealed class HostStage2
{
    /// <summary>Mirrors the memblock limit the hypervisor copies (<c>HYP_MEMBLOCK_REGIONS</c>).</summary>
    public const int MaxRegions = 128;

    /// <summary>PARange sizes a host IPA space may have (spec 6.1); 52 only with the 64K granule.</summary>
    public static readonly int[] PaRangeBits = [32, 36, 40, 42, 44, 48, 52];

    private readonly MemRange[] _regions;

    private HostStage2(MemRange[] regions, KvmPgtable pgt, KvmPgtable? hyp, PagePool mem, PagePool dev, PagePool? hypPool, AllocFaultInjector faults)
    {
        _regions = regions;
        Pgt = pgt;
        Hyp = hyp;
        MemPool = mem;
        DevPool = dev;
        HypPool = hypPool;
        Faults = faults;
    }

    /// <summary>The host stage-2 table (IDMAP, no FWB, VMID 0).</summary>
    public KvmPgtable Pgt { get; }

    /// <summary>The hypervisor's stage-1 table, where donated memory becomes mapped; only with <see cref="Fix.DonateMapsHyp"/>.</summary>
    public KvmPgtable? Hyp { get; }

    /// <summary>Tables for memory mappings and annotations, and the root (<c>host_s2_mem</c>).</summary>
    public PagePool MemPool { get; }

    /// <summary>Tables for MMIO mappings, recycled on -ENOMEM (<c>host_s2_dev</c>).</summary>
    public PagePool DevPool { get; }

    /// <summary>Tables of the hypervisor's stage 1; only with <see cref="Fix.DonateMapsHyp"/>.</summary>
    public PagePool? HypPool { get; }

    /// <summary>Hands every pool's page contents back for reuse (<see cref="PagePool.Release"/>): the tables are done.</summary>
    public void Release()
    {
        MemPool.Release();
        DevPool.Release();
        HypPool?.Release();
    }

    public AllocFaultInjector Faults { get; }

    public EventLog Log => Pgt.Log;

    public IReadOnlyList<MemRange> Regions => _regions;

    public Geometry Geometry => Pgt.Geometry;

    /// <summary>
    /// Sets up the host stage 2 over <paramref name="regions"/> (sorted, page-aligned, disjoint, at most
    /// <see cref="MaxRegions"/>, inside 2^<paramref name="iaBits"/>). -EINVAL for a bad layout or IPA
    /// size; -ENOMEM if a root cannot be had. Pools are sized as spec 6.1 says; the hypervisor's stage 1
    /// and its pool exist only with <see cref="Fix.DonateMapsHyp"/>.
    /// </summary>
    public static Errno Create(Granule granule, int iaBits, IReadOnlyList<MemRange> regions, Bug bugs, Fix fixes, out HostStage2? host)
    {
        host = null;
        var geometry = Geometry.Stage2(granule, iaBits);
        var hypGeometry = Geometry.HypStage1(granule, iaBits > 48 ? iaBits : 48);
        if (geometry is not { } geo || hypGeometry is not { } hypGeo || Array.IndexOf(PaRangeBits, iaBits) < 0 || !IsValidLayout(geo, regions))
        {
            return Errno.EINVAL;
        }
        var log = new EventLog();
        var faults = new AllocFaultInjector();
        var fixedOrder = (fixes & Fix.PoolMaxOrder) != 0;
        var sizes = PoolSizes(geo, regions, (fixes & Fix.DonateMapsHyp) != 0);
        var bias = (bugs & Bug.PoolMaxOrderTooSmall) != 0 ? -1 : 0;
        var mem = new PagePool("mem", PoolLayout.Base(0), checked((int)sizes.Mem), geo.PageShift, log, faults, fixedOrder, bias);
        var dev = new PagePool("dev", PoolLayout.Base(1), checked((int)sizes.Dev), geo.PageShift, log, faults, fixedOrder, bias);
        var hypPool = sizes.Hyp > 0 ? new PagePool("hyp", PoolLayout.Base(2), checked((int)sizes.Hyp), geo.PageShift, log, faults, fixedOrder, bias) : null;
        var mm = hypPool is null ? new MmOps(log, faults, mem, dev) : new MmOps(log, faults, mem, dev, hypPool);
        var pgt = Stage2Pgtable.Init(geo, mm, mem, Stage2Flags.IdMap | Stage2Flags.NoFwb, bugs, fixes, out var ret);
        if (ret != Errno.Ok)
        {
            return ret;
        }
        KvmPgtable? hyp = null;
        if (hypPool is not null)
        {
            hyp = HypPgtable.Init(hypGeo, mm, hypPool, out ret);
            if (ret != Errno.Ok)
            {
                return ret;
            }
        }
        host = new HostStage2([.. regions], pgt, hyp, mem, dev, hypPool, faults);
        return Errno.Ok;
    }

    /// <summary>
    /// The pages of the mem, dev and hyp pools for <paramref name="regions"/> (spec 6.1): mem covers every
    /// region with page granularity plus 16 root pages (<c>host_s2_mem_pgtable_pages</c>), dev covers
    /// 1 GiB of MMIO (<c>host_s2_dev_pgtable_pages</c>), hyp (0 unless <paramref name="withHyp"/>) maps all
    /// memory page by page plus its root.
    /// </summary>
    public static (long Mem, long Dev, long Hyp) PoolSizes(Geometry geo, IReadOnlyList<MemRange> regions, bool withHyp)
    {
        long memPages = 0, memTables = 0;
        foreach (var r in regions)
        {
            var pages = (long)(r.Size >> geo.PageShift);
            memPages += pages;
            memTables += MaxTablePages(pages, geo.PtrsPerPte);
        }
        var dev = MaxTablePages((long)((1UL << 30) >> geo.PageShift), geo.PtrsPerPte);
        return (memTables + 16, dev, withHyp ? MaxTablePages(memPages, geo.PtrsPerPte) + 1 : 0);
    }

    /// <summary>
    /// Mirrors <c>__hyp_pgtable_max_pages</c>: the table pages needed to map <paramref name="pages"/>
    /// pages one by one, rounding up at every level.
    /// </summary>
    public static long MaxTablePages(long pages, int ptrsPerPte)
    {
        long total = 0;
        for (var i = 0; i < Geometry.MaxLevels; i++)
        {
            pages = (pages + ptrsPerPte - 1) / ptrsPerPte;
            total += pages;
        }
        return total;
    }

    /// <summary>
    /// Mirrors <c>find_mem_range</c>: true and the region when <paramref name="addr"/> is memory;
    /// false and the MMIO gap around it otherwise (the last gap reaches the top of the address space).
    /// </summary>
    public bool FindMemRange(ulong addr, out MemRange range)
    {
        ulong start = 0, end = ulong.MaxValue;
        int lo = 0, hi = _regions.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var r = _regions[mid];
            if (addr < r.Start)
            {
                end = r.Start;
                hi = mid;
            }
            else if (addr >= r.End)
            {
                start = r.End;
                lo = mid + 1;
            }
            else
            {
                range = r;
                return true;
            }
        }
        range = new MemRange(start, end);
        return false;
    }

    /// <summary>Whether <paramref name="addr"/> lies in a memory region.</summary>
    public bool IsMemory(ulong addr) => FindMemRange(addr, out _);

    /// <summary>
    /// The host touched <paramref name="addr"/> and its stage 2 faulted: map the largest block around
    /// the page that the host may own (spec 6.2). Returns 0 or -EAGAIN (already mapped: the host just
    /// retries); -EEXIST when the page is not the host's (the kernel's fatal case); -ENOMEM when even
    /// after recycling MMIO tables no page is left; -ERANGE beyond the IPA size.
    /// Mirrors <c>handle_host_mem_abort</c> with <c>host_stage2_idmap</c>.
    /// </summary>
    public Errno HandleMemAbort(ulong addr)
    {
        addr &= ~(Geometry.PageSize - 1);
        var isMemory = FindMemRange(addr, out var window);
        var prot = isMemory ? Prot.Rwx : Prot.Rw;
        var pool = isMemory ? MemPool : DevPool;
        var ret = Stage2FindRange.FindRange(Pgt, addr, prot, window, out var range);
        if (ret != Errno.Ok)
        {
            return ret;
        }
        ret = Stage2Map.Map(Pgt, range.Start, range.Size, range.Start, prot, pool);
        // Memory has pages for a page-granular map of everything; MMIO may need its tables recycled.
        if (isMemory || ret != Errno.ENOMEM)
        {
            return ret;
        }
        ret = Pgt.Has(Bug.MmioRetryWithoutRecycling) ? Errno.Ok : UnmapDevAll();
        if (ret != Errno.Ok)
        {
            return ret;
        }
        return Stage2Map.Map(Pgt, range.Start, range.Size, range.Start, prot, pool);
    }

    /// <summary>Mirrors <c>host_stage2_unmap_dev_all</c>: unmap every MMIO gap so its table pages return to the pool.</summary>
    public Errno UnmapDevAll()
    {
        ulong addr = 0;
        foreach (var r in _regions)
        {
            var ret = Stage2Unmap.Unmap(Pgt, addr, r.Start - addr);
            if (ret != Errno.Ok)
            {
                return ret;
            }
            addr = r.End;
        }
        return Stage2Unmap.Unmap(Pgt, addr, (1UL << Geometry.IaBits) - addr);
    }

    /// <summary>
    /// Donates <c>[start, end)</c> to the hypervisor: annotates it as the hypervisor's in the host stage 2,
    /// removing host mappings. v5.13 checks only that the range lies in one memory region (with the v5.14
    /// <c>end - 1</c> fix) and rounds an unaligned range outwards as any walk does; returns 0, -EINVAL, or
    /// -ENOMEM (address-ordered prefix applied). <see cref="Fix.DonateChecksOwner"/> first refuses an
    /// unaligned range (-EINVAL) and a range holding a page the host does not own (-EPERM);
    /// <see cref="Fix.DonateMapsHyp"/> then maps the range at EL2 (VA = PA), whose -ENOMEM is the result.
    /// Mirrors <c>__pkvm_mark_hyp</c>.
    /// </summary>
    public Errno MarkHyp(ulong start, ulong end)
    {
        if (Pgt.Has(Fix.DonateChecksOwner) && (((start | end) & (Geometry.PageSize - 1)) != 0 || end < start))
        {
            return Errno.EINVAL;
        }
        if (!RangeIsMemory(start, end) && !Pgt.Has(Bug.DonateSkipsRegionCheck))
        {
            return Errno.EINVAL;
        }
        if (Pgt.Has(Fix.DonateChecksOwner) && !Pgt.Has(Bug.DonateSkipsOwnershipCheck))
        {
            var check = new HostOwnsVisitor();
            var owned = KvmPgtableWalker.Walk(Pgt, start, end - start, ref check);
            if (owned != Errno.Ok)
            {
                return owned;
            }
        }
        var ret = Stage2Map.SetOwner(Pgt, start, end - start, MemPool, OwnerId.Hyp);
        if (ret == Errno.EAGAIN)
        {
            ret = Errno.Ok;
        }
        if (ret != Errno.Ok || Hyp is null || HypPool is not { } hypPool)
        {
            return ret;
        }
        return HypPgtable.Map(Hyp, start, end - start, start, Prot.Rw, hypPool);
    }

    /// <summary>
    /// Mirrors <c>range_is_memory</c> with the v5.14 fix: both <paramref name="start"/> and <c>end - 1</c>
    /// in the same region (<see cref="Bug.RangeIsMemoryChecksEnd"/> restores v5.13's check of <c>end</c>).
    /// </summary>
    public bool RangeIsMemory(ulong start, ulong end) =>
        FindMemRange(start, out var r1) && FindMemRange(Pgt.Has(Bug.RangeIsMemoryChecksEnd) ? end : end - 1, out var r2) && r1.Start == r2.Start;

    private static bool IsValidLayout(Geometry geo, IReadOnlyList<MemRange> regions)
    {
        if (regions.Count > MaxRegions)
        {
            return false;
        }
        var mask = geo.PageSize - 1;
        ulong prevEnd = 0;
        foreach (var r in regions)
        {
            if (((r.Start | r.End) & mask) != 0 || r.Start >= r.End || r.Start < prevEnd || r.End > 1UL << geo.IaBits)
            {
                return false;
            }
            prevEnd = r.End;
        }
        return true;
    }

    /// <summary>A LEAF walk that refuses with -EPERM at the first annotation: a page the host does not own.</summary>
    private readonly struct HostOwnsVisitor : IKvmPgtableVisitor
    {
        public WalkFlags Flags => WalkFlags.Leaf;

        public Errno Visit(KvmPgtable pgt, ulong addr, ulong end, int level, PtePtr ptep, WalkFlags flag) =>
            pgt.Read(ptep).Owner != OwnerId.Host ? Errno.EPERM : Errno.Ok;
    }
}
