namespace Harness.Implementation;

/// <summary>
/// A stage-2 table with its own page pool, created with the flags the pKVM host stage 2 uses
/// (IDMAP, no FWB) and driven through the raw page-table API: the trace format's <c>stage2</c> layer.
/// </summary>
public sealed class Stage2System
{
    private Stage2System(KvmPgtable pgt, PagePool pool, AllocFaultInjector faults, Errno initResult)
    {
        Pgt = pgt;
        Pool = pool;
        Faults = faults;
        InitResult = initResult;
    }

    public KvmPgtable Pgt { get; }

    /// <summary>Where the root and every table page come from (the memcache of map and set_owner).</summary>
    public PagePool Pool { get; }

    public AllocFaultInjector Faults { get; }

    public EventLog Log => Pgt.Log;

    /// <summary>-ENOMEM when the pool could not supply the root; every walk then answers -EINVAL.</summary>
    public Errno InitResult { get; }

    /// <summary>
    /// A table of <paramref name="geometry"/> whose pool holds <paramref name="poolPages"/> pages.
    /// </summary>
    public static Stage2System Create(Geometry geometry, int poolPages, Bug bugs = Bug.None, Fix fixes = Fix.None, Stage2Flags flags = Stage2Flags.IdMap | Stage2Flags.NoFwb)
    {
        var log = new EventLog();
        var faults = new AllocFaultInjector();
        var bias = (bugs & Bug.PoolMaxOrderTooSmall) != 0 ? -1 : 0;
        var pool = new PagePool("pool", PoolLayout.Base(0), Math.Max(0, poolPages), geometry.PageShift, log, faults, (fixes & Fix.PoolMaxOrder) != 0, bias);
        var mm = new MmOps(log, faults, pool);
        var pgt = Stage2Pgtable.Init(geometry, mm, pool, flags, bugs, fixes, out var result);
        return new Stage2System(pgt, pool, faults, result);
    }

    /// <inheritdoc cref="Stage2Map.Map"/>
    public Errno Map(ulong addr, ulong size, ulong phys, Prot prot) => Stage2Map.Map(Pgt, addr, size, phys, prot, Pool);

    /// <inheritdoc cref="Stage2Unmap.Unmap"/>
    public Errno Unmap(ulong addr, ulong size) => Stage2Unmap.Unmap(Pgt, addr, size);

    /// <inheritdoc cref="Stage2Map.SetOwner"/>
    public Errno SetOwner(ulong addr, ulong size, ulong ownerId) => Stage2Map.SetOwner(Pgt, addr, size, Pool, ownerId);

    /// <inheritdoc cref="Stage2GetLeaf.GetLeaf"/>
    public Errno GetLeaf(ulong addr, out Pte pte, out int level) => Stage2GetLeaf.GetLeaf(Pgt, addr, out pte, out level);

    /// <summary>Hands the pool's page contents back for reuse (<see cref="PagePool.Release"/>): the table is done.</summary>
    public void Release() => Pool.Release();

    /// <inheritdoc cref="Stage2Pgtable.Destroy"/>
    public void Destroy() => Stage2Pgtable.Destroy(Pgt);
}
