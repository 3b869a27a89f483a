namespace Harness.Implementation;

/// <summary>
/// Choosing the block the host's identity map installs on a fault (spec 5.9). Mirrors
/// <c>stage2_check_permission_walker</c> and <c>kvm_pgtable_stage2_find_range</c> (pgtable.c, v5.13).
/// </summary>
public static class Stage2FindRange
{
    /// <summary>What may differ between an existing valid leaf and the target for the block to be compatible.</summary>
    private const ulong CompatibleMask = Pte.S2apR | Pte.S2apW | Pte.Xn | Pte.MemAttrMask | Pte.SwBitsMask;

    /// <summary>
    /// The largest block at a leaf-capable level that contains <paramref name="addr"/>, lies inside
    /// <paramref name="window"/> and covers only zero entries or valid leaves with the attributes of
    /// <paramref name="prot"/>. Returns 0 with <paramref name="range"/> set; -EEXIST when even the page
    /// at <paramref name="addr"/> is incompatible (an annotation: not the host's); -EINVAL for a bad
    /// prot or an address outside the window; -ERANGE beyond the IA size.
    /// </summary>
    public static Errno FindRange(KvmPgtable pgt, ulong addr, Prot prot, MemRange window, out MemRange range)
    {
        range = default;
        var ret = Stage2Attr.FromProt(pgt, prot, out var attr);
        if (ret != Errno.Ok)
        {
            return ret;
        }
        if (!window.Contains(addr))
        {
            return Errno.EINVAL;
        }
        var geo = pgt.Geometry;
        ulong start = 0, end = 0;
        ret = Errno.Ok;
        for (var level = geo.StartLevel; level < Geometry.MaxLevels; level++)
        {
            var granule = geo.LevelSize(level);
            start = addr & ~(granule - 1);
            end = start + granule;
            if (!pgt.LevelSupportsLeaf(level))
            {
                continue;
            }
            if (!pgt.Has(Bug.IdmapCrossesRegion) && (start < window.Start || window.End < end))
            {
                continue;
            }
            var v = new CheckPermissionVisitor(attr & CompatibleMask);
            ret = KvmPgtableWalker.Walk(pgt, start, granule, ref v);
            if (ret != Errno.EEXIST)
            {
                break;
            }
        }
        if (ret == Errno.Ok)
        {
            range = new MemRange(start, end);
        }
        return ret;
    }

    /// <summary>Mirrors <c>stage2_check_permission_walker</c>: compatible leaves are zero, or valid with the target attributes.</summary>
    private readonly struct CheckPermissionVisitor(ulong attr) : IKvmPgtableVisitor
    {
        public WalkFlags Flags => WalkFlags.Leaf;

        public Errno Visit(KvmPgtable pgt, ulong addr, ulong end, int level, PtePtr ptep, WalkFlags flag)
        {
            var pte = pgt.Read(ptep);
            if (pte.IsValid)
            {
                return (pte.Bits & CompatibleMask) != attr ? Errno.EEXIST : Errno.Ok;
            }
            return pte.Bits != 0 && !pgt.Has(Bug.IdmapIgnoresAnnotations) ? Errno.EEXIST : Errno.Ok;
        }
    }
}
