namespace Harness.Implementation;

/// <summary>
/// The one generic walker every operation runs on (spec 4). Mirrors <c>kvm_pgtable_walk</c>,
/// <c>_kvm_pgtable_walk</c>, <c>__kvm_pgtable_walk</c> and <c>__kvm_pgtable_visit</c> (pgtable.c, v5.13).
/// </summary>
public static class KvmPgtableWalker
{
    /// <summary>
    /// Walks <c>[align_down(addr, G), align_up(align_down(addr, G) + size, G))</c> with
    /// <paramref name="visitor"/>. Returns -ERANGE when either end lies beyond 2^ia, -EINVAL when the
    /// table has no root, 0 when the range is empty or wraps, else the first non-zero visit result.
    /// </summary>
    public static Errno Walk<TV>(KvmPgtable pgt, ulong addr, ulong size, ref TV visitor)
        where TV : struct, IKvmPgtableVisitor
    {
        var geo = pgt.Geometry;
        var pageMask = geo.PageSize - 1;
        // The sub-page offset of addr is dropped, not added to the size (spec 4.1).
        var walkAddr = addr & ~pageMask;
        var walkEnd = (walkAddr + size + pageMask) & ~pageMask;
        var limit = 1UL << geo.IaBits;
        if (walkAddr > limit || walkEnd > limit)
        {
            return Errno.ERANGE;
        }
        if (pgt.Root is null)
        {
            return Errno.EINVAL;
        }
        var data = new WalkData(walkAddr, walkEnd);
        for (var idx = geo.RootPageIndex(data.Addr); data.Addr < data.End; idx++)
        {
            var ret = WalkTable(pgt, ref data, pgt.RootPage(idx), geo.StartLevel, ref visitor);
            if (ret != Errno.Ok)
            {
                return ret;
            }
        }
        return Errno.Ok;
    }

    /// <summary>Mirrors <c>__kvm_pgtable_walk</c>: the slots of one table from the walk position on.</summary>
    private static Errno WalkTable<TV>(KvmPgtable pgt, ref WalkData data, ulong tablePa, int level, ref TV visitor)
        where TV : struct, IKvmPgtableVisitor
    {
        if (level >= Geometry.MaxLevels)
        {
            return Errno.EINVAL;
        }
        var geo = pgt.Geometry;
        var offByOne = pgt.Has(Bug.WalkEndOffByOne);
        for (var idx = geo.Index(data.Addr, level); idx < geo.PtrsPerPte; idx++)
        {
            if (offByOne ? data.Addr > data.End : data.Addr >= data.End)
            {
                break;
            }
            var ret = Visit(pgt, ref data, new PtePtr(tablePa, idx), level, ref visitor);
            if (ret != Errno.Ok)
            {
                return ret;
            }
        }
        return Errno.Ok;
    }

    /// <summary>
    /// Mirrors <c>__kvm_pgtable_visit</c>: TABLE_PRE on a table, LEAF on anything else followed by a
    /// re-read (a visitor may have installed a table to descend into), the children, then TABLE_POST.
    /// As in v5.13 the descriptor is not re-read after TABLE_PRE.
    /// </summary>
    private static Errno Visit<TV>(KvmPgtable pgt, ref WalkData data, PtePtr ptep, int level, ref TV visitor)
        where TV : struct, IKvmPgtableVisitor
    {
        var addr = data.Addr;
        var flags = visitor.Flags;
        var pte = pgt.Read(ptep);
        var isTable = pte.IsTable(level);
        var ret = Errno.Ok;

        if (isTable && (flags & WalkFlags.TablePre) != 0)
        {
            ret = visitor.Visit(pgt, addr, data.End, level, ptep, WalkFlags.TablePre);
        }
        if (!isTable && (flags & WalkFlags.Leaf) != 0)
        {
            ret = visitor.Visit(pgt, addr, data.End, level, ptep, WalkFlags.Leaf);
            pte = pgt.Read(ptep);
            isTable = pte.IsTable(level);
        }
        if (ret != Errno.Ok)
        {
            return ret;
        }
        if (!isTable)
        {
            var granule = pgt.Geometry.LevelSize(level);
            data.Addr = (data.Addr & ~(granule - 1)) + granule;
            return Errno.Ok;
        }
        ret = WalkTable(pgt, ref data, pgt.Follow(pte), level + 1, ref visitor);
        if (ret != Errno.Ok)
        {
            return ret;
        }
        if ((flags & WalkFlags.TablePost) != 0)
        {
            ret = visitor.Visit(pgt, addr, data.End, level, ptep, WalkFlags.TablePost);
        }
        return ret;
    }

    /// <summary>Mirrors <c>struct kvm_pgtable_walk_data</c>'s position: where the walk is, where it ends.</summary>
    private struct WalkData(ulong addr, ulong end)
    {
        public ulong Addr = addr;
        public readonly ulong End = end;
    }
}
