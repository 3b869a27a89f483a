namespace Harness.Implementation;

/// <summary>
/// The hypervisor's own stage-1 table, enough for donation (spec 5.8). Mirrors
/// <c>kvm_pgtable_hyp_init</c>, <c>hyp_set_prot_attr</c>, <c>hyp_map_walker</c> and
/// <c>kvm_pgtable_hyp_map</c> (pgtable.c, v5.13). v5.13 takes no references on hyp table pages.
/// </summary>
public static class HypPgtable
{
    /// <summary>Mirrors <c>MT_NORMAL</c>.</summary>
    public const ulong MairNormal = 0;

    /// <summary>Mirrors <c>MT_DEVICE_nGnRE</c> in v5.13 (4 from v5.14; spec 2.4).</summary>
    public const ulong MairDevice = 5;

    /// <summary>One zeroed root page from <paramref name="pool"/>; <paramref name="result"/> is -ENOMEM when there is none.</summary>
    public static KvmPgtable Init(Geometry geometry, MmOps mm, PagePool pool, out Errno result)
    {
        var pgt = new KvmPgtable(geometry, mm, Stage2Flags.None, Bug.None, Fix.None, isStage2: false);
        pgt.Root = pool.AllocPages(0);
        result = pgt.Root is null ? Errno.ENOMEM : Errno.Ok;
        return pgt;
    }

    /// <summary>Mirrors <c>hyp_set_prot_attr</c>: R is mandatory; X excludes W and DEVICE.</summary>
    public static Errno AttrFromProt(Prot prot, out ulong attr)
    {
        attr = 0;
        if ((prot & ~(Prot.R | Prot.W | Prot.X | Prot.Device)) != 0 || (prot & Prot.R) == 0)
        {
            return Errno.EINVAL;
        }
        var device = (prot & Prot.Device) != 0;
        var a = (device ? MairDevice : MairNormal) << 2;
        if ((prot & Prot.X) != 0)
        {
            if ((prot & Prot.W) != 0 || device)
            {
                return Errno.EINVAL;
            }
        }
        else
        {
            a |= Pte.Xn;
        }
        a |= (prot & Prot.W) != 0 ? Pte.S1ApRw : Pte.S1ApRo;
        attr = a | Pte.ShInner | Pte.Af;
        return Errno.Ok;
    }

    /// <summary>
    /// Maps <c>[addr, addr+size)</c> to <paramref name="phys"/>. An existing different valid leaf is
    /// left alone with a logged warning (the call still succeeds). Returns 0, -EINVAL (prot), -ERANGE,
    /// or -ENOMEM (prefix applied). Mirrors <c>kvm_pgtable_hyp_map</c>.
    /// </summary>
    public static Errno Map(KvmPgtable pgt, ulong addr, ulong size, ulong phys, Prot prot, PagePool pool)
    {
        var ret = AttrFromProt(prot, out var attr);
        if (ret != Errno.Ok)
        {
            return ret;
        }
        var v = new HypMapVisitor(phys & ~(pgt.Geometry.PageSize - 1), attr, pool);
        return KvmPgtableWalker.Walk(pgt, addr, size, ref v);
    }

    /// <summary>Mirrors <c>struct hyp_map_data</c> with <c>hyp_map_walker</c>.</summary>
    private struct HypMapVisitor(ulong phys, ulong attr, PagePool pool) : IKvmPgtableVisitor
    {
        private ulong _phys = phys;

        public readonly WalkFlags Flags => WalkFlags.Leaf;

        public Errno Visit(KvmPgtable pgt, ulong addr, ulong end, int level, PtePtr ptep, WalkFlags flag)
        {
            if (TryLeaf(pgt, addr, end, level, ptep))
            {
                return Errno.Ok;
            }
            if (level == Geometry.MaxLevels - 1)
            {
                pgt.Log.Add(new Event(EventKind.Warning, ptep.Pa, addr, level, 0, 0));
                return Errno.EINVAL;
            }
            if (pgt.Mm.ZallocPage(pool) is not { } childp)
            {
                return Errno.ENOMEM;
            }
            pgt.Write(ptep, Pte.Table(childp, pgt.Geometry.PageShift), addr, level);
            return Errno.Ok;
        }

        /// <summary>Mirrors <c>hyp_map_walker_try_leaf</c>: the same mapping again is tolerated.</summary>
        private bool TryLeaf(KvmPgtable pgt, ulong addr, ulong end, int level, PtePtr ptep)
        {
            var granule = pgt.Geometry.LevelSize(level);
            if (!pgt.BlockMappingSupported(addr, end, _phys, level))
            {
                return false;
            }
            var old = pgt.Read(ptep);
            var @new = Pte.ValidLeaf(_phys, attr, level, pgt.Geometry.PageShift);
            if (old != @new)
            {
                if (old.IsValid)
                {
                    pgt.Log.Add(new Event(EventKind.Warning, ptep.Pa, addr, level, old.Bits, @new.Bits));
                }
                else
                {
                    pgt.Write(ptep, @new, addr, level);
                }
            }
            _phys += granule;
            return true;
        }
    }
}
