namespace Harness.Implementation;

/// <summary>
/// Mapping and owner annotation: one visitor, two entry points, as in the kernel (spec 5.3, 5.4).
/// Mirrors <c>struct stage2_map_data</c>, <c>stage2_map_walker</c> and its three visits,
/// <c>kvm_pgtable_stage2_map</c> and <c>kvm_pgtable_stage2_set_owner</c> (pgtable.c, v5.13).
/// </summary>
public static class Stage2Map
{
    /// <summary>Internal "no leaf fits here" signal of <c>stage2_map_walker_try_leaf</c>; never leaves this file.</summary>
    private const Errno E2Big = (Errno)(-7);

    /// <summary>
    /// Maps <c>[addr, addr+size)</c> (rounded out to pages, spec 4.1) to <paramref name="phys"/> with
    /// <paramref name="prot"/>, using the largest leaves that fit and taking table pages from
    /// <paramref name="memcache"/>. Returns 0; -EINVAL for a non-identity request on an IDMAP table or
    /// a bad <paramref name="prot"/> (nothing changed); -ERANGE beyond the IA size (nothing changed);
    /// -EAGAIN at the first leaf that already maps the same output with at most other permissions
    /// (everything before it applied); -ENOMEM when a table page cannot be had (everything before it
    /// applied). Mirrors <c>kvm_pgtable_stage2_map</c>.
    /// </summary>
    public static Errno Map(KvmPgtable pgt, ulong addr, ulong size, ulong phys, Prot prot, PagePool? memcache)
    {
        if ((pgt.Flags & Stage2Flags.IdMap) != 0 && addr != phys)
        {
            pgt.Log.Add(new Event(EventKind.Warning, 0, addr, 0, phys, 0));
            return Errno.EINVAL;
        }
        var ret = Stage2Attr.FromProt(pgt, prot, out var attr);
        if (ret != Errno.Ok)
        {
            return ret;
        }
        var data = new MapVisitor(phys & ~(pgt.Geometry.PageSize - 1), attr, OwnerId.Host, memcache);
        return KvmPgtableWalker.Walk(pgt, addr, size, ref data);
    }

    /// <summary>
    /// Annotates <c>[addr, addr+size)</c> as owned by <paramref name="ownerId"/> (0 gives it back to
    /// the table's owner as zero entries), removing valid mappings with break-before-make. Returns 0;
    /// -EINVAL for an owner id above <see cref="OwnerId.Max"/> (nothing walked); -ERANGE; -ENOMEM
    /// (address-ordered prefix applied). Never -EAGAIN. Mirrors <c>kvm_pgtable_stage2_set_owner</c>.
    /// </summary>
    public static Errno SetOwner(KvmPgtable pgt, ulong addr, ulong size, PagePool? memcache, ulong ownerId)
    {
        if (ownerId > OwnerId.Max)
        {
            return Errno.EINVAL;
        }
        var data = new MapVisitor(KvmPgtable.PhysInvalid, 0, ownerId, memcache);
        return KvmPgtableWalker.Walk(pgt, addr, size, ref data);
    }

    /// <summary>Mirrors <c>struct stage2_map_data</c> with <c>stage2_map_walker</c>.</summary>
    private struct MapVisitor(ulong phys, ulong attr, ulong ownerId, PagePool? memcache) : IKvmPgtableVisitor
    {
        private ulong _phys = phys;
        private readonly ulong _attr = attr;
        private readonly ulong _ownerId = ownerId;
        private readonly PagePool? _memcache = memcache;
        private PtePtr? _anchor;
        private ulong _childp;

        public readonly WalkFlags Flags => WalkFlags.Leaf | WalkFlags.TablePre | WalkFlags.TablePost;

        public Errno Visit(KvmPgtable pgt, ulong addr, ulong end, int level, PtePtr ptep, WalkFlags flag) => flag switch
        {
            WalkFlags.TablePre => TablePre(pgt, addr, end, level, ptep),
            WalkFlags.Leaf => WalkLeaf(pgt, addr, end, level, ptep),
            WalkFlags.TablePost => TablePost(pgt, addr, end, level, ptep),
            _ => Errno.Ok,
        };

        /// <summary>
        /// Mirrors <c>stage2_map_walk_table_pre</c>: where a block can replace a whole table, detach the
        /// table (slot zeroed, VMID-wide invalidation, since every small entry below may be cached) and
        /// anchor here; the walk then tears the detached subtree down on its way back up.
        /// </summary>
        private Errno TablePre(KvmPgtable pgt, ulong addr, ulong end, int level, PtePtr ptep)
        {
            if (_anchor is not null || !BlockFits(pgt, addr, end, level))
            {
                return Errno.Ok;
            }
            _childp = pgt.Follow(pgt.Read(ptep));
            pgt.Clear(ptep, addr, level);
            if (pgt.Has(Bug.AnchorInvalidatesOneIpa))
            {
                pgt.TlbiIpa(addr, -1);
            }
            else
            {
                pgt.TlbiVmid();
            }
            _anchor = ptep;
            return Errno.Ok;
        }

        /// <summary>
        /// Mirrors <c>stage2_map_walk_leaf</c>: under an anchor, only drop references; otherwise write a
        /// leaf, or split the slot into a new table the walker will descend into.
        /// </summary>
        private Errno WalkLeaf(KvmPgtable pgt, ulong addr, ulong end, int level, PtePtr ptep)
        {
            var pte = pgt.Read(ptep);
            if (_anchor is not null)
            {
                if (Stage2Pgtable.IsCounted(pgt, pte))
                {
                    pgt.Mm.PutPage(ptep.TablePa);
                }
                return Errno.Ok;
            }

            var ret = TryLeaf(pgt, addr, end, level, ptep);
            if (ret != E2Big)
            {
                return ret;
            }
            if (level == Geometry.MaxLevels - 1)
            {
                pgt.Log.Add(new Event(EventKind.Warning, ptep.Pa, addr, level, 0, 0));
                return Errno.EINVAL;
            }
            var leakOnFailure = pgt.Has(Bug.SplitEnomemLeaksReference);
            if (leakOnFailure)
            {
                pgt.Mm.GetPage(ptep.TablePa);
            }
            if (_memcache is null || pgt.Mm.ZallocPage(_memcache) is not { } childp)
            {
                return Errno.ENOMEM;
            }
            // An existing block (or annotation block) is replaced by a table: what it covered outside
            // the walked range becomes zero, to be faulted back lazily (spec 5.3.3).
            if (Stage2Pgtable.IsCounted(pgt, pte))
            {
                Stage2Pgtable.PutPte(pgt, ptep, addr, level);
            }
            pgt.Write(ptep, Pte.Table(childp, pgt.Geometry.PageShift), addr, level);
            if (!leakOnFailure)
            {
                pgt.Mm.GetPage(ptep.TablePa);
            }
            return Errno.Ok;
        }

        /// <summary>
        /// Mirrors <c>stage2_map_walk_table_post</c>: at the anchor, write the block and free the detached
        /// table; below it, free each nested table and drop the reference its descriptor held.
        /// </summary>
        private Errno TablePost(KvmPgtable pgt, ulong addr, ulong end, int level, PtePtr ptep)
        {
            if (_anchor is null)
            {
                return Errno.Ok;
            }
            var ret = Errno.Ok;
            ulong childp;
            if (_anchor == ptep)
            {
                childp = _childp;
                _anchor = null;
                _childp = 0;
                ret = WalkLeaf(pgt, addr, end, level, ptep);
                if (pgt.Has(Bug.AnchorLeaksSubtree))
                {
                    pgt.Mm.PutPage(ptep.TablePa);
                    return ret;
                }
            }
            else
            {
                childp = pgt.Follow(pgt.Read(ptep));
            }
            pgt.Mm.PutPage(childp);
            pgt.Mm.PutPage(ptep.TablePa);
            return ret;
        }

        /// <summary>
        /// Mirrors <c>stage2_map_walker_try_leaf</c>: -E2BIG when no leaf of this level fits; -EAGAIN
        /// when the slot already holds the same mapping up to permissions; otherwise replace the old
        /// entry (break-before-make if valid) and store the new leaf.
        /// </summary>
        private Errno TryLeaf(KvmPgtable pgt, ulong addr, ulong end, int level, PtePtr ptep)
        {
            if (!BlockFits(pgt, addr, end, level))
            {
                return E2Big;
            }
            var geo = pgt.Geometry;
            var granule = geo.LevelSize(level);
            var old = pgt.Read(ptep);
            var isMapping = pgt.PhysIsValid(_phys);
            var @new = isMapping
                ? Pte.ValidLeaf(_phys, _attr, level, geo.PageShift)
                : Annotation(pgt, _ownerId);
            if (isMapping && geo.Granule == Granule.Size64K && pgt.Has(Bug.HighPaBitsDropped))
            {
                // 64K keeps PA[51:48] in bits [15:12]; the bug loses them.
                @new = new Pte(@new.Bits & ~(0xFUL << 12));
            }

            if (Stage2Pgtable.IsCounted(pgt, old))
            {
                if (!NeedsUpdate(old, @new) && (old == @new || !pgt.Has(Bug.PermissionChangeBreaksMake)))
                {
                    return Errno.EAGAIN;
                }
                if (!isMapping && old.IsValid && pgt.Has(Bug.SetOwnerKeepsValidMapping))
                {
                    return Errno.Ok;
                }
                if (old.IsValid && @new.IsValid && pgt.Has(Bug.NoPutOnValidUpdate))
                {
                    pgt.Clear(ptep, addr, level);
                    pgt.TlbiIpa(addr, level);
                }
                else
                {
                    Stage2Pgtable.PutPte(pgt, ptep, addr, level);
                }
            }
            pgt.Write(ptep, @new, addr, level);
            if (isMapping && pgt.Has(Bug.UnloggedAttributeUpdate))
            {
                // The bug: an in-place update (the access flag cleared) by a store no event records.
                pgt.Mm.Write(ptep.TablePa, ptep.Index, @new.Bits & ~Pte.Af);
            }
            if (Stage2Pgtable.IsCounted(pgt, @new))
            {
                pgt.Mm.GetPage(ptep.TablePa);
            }
            if (isMapping)
            {
                _phys += pgt.Has(Bug.PhysAdvancedByPage) ? geo.PageSize : granule;
            }
            return Errno.Ok;
        }

        /// <summary>
        /// Whether a leaf of this level may be written here. v5.13 writes annotations as large as a block
        /// allows (spec 5.4), which loses ownership when one is later split (spec 5.3.3);
        /// <see cref="Fix.PageSizedAnnotations"/> forces page granularity for them as v5.15 does.
        /// </summary>
        private readonly bool BlockFits(KvmPgtable pgt, ulong addr, ulong end, int level)
        {
            if (!pgt.PhysIsValid(_phys) && level != Geometry.MaxLevels - 1 && pgt.Has(Fix.PageSizedAnnotations) && !pgt.Has(Bug.AnnotationsIgnoreFix))
            {
                return false;
            }
            return pgt.BlockMappingSupported(addr, end, _phys, level);
        }

        /// <summary>Mirrors <c>stage2_pte_needs_update</c>: false only for two valid leaves differing at most in permissions.</summary>
        private static bool NeedsUpdate(Pte old, Pte @new)
        {
            if (!old.IsValid || !@new.IsValid)
            {
                return true;
            }
            return ((old.Bits ^ @new.Bits) & ~Pte.S2Perms) != 0;
        }

        private static Pte Annotation(KvmPgtable pgt, ulong ownerId) =>
            pgt.Has(Bug.OwnerIdWrongBits) ? new Pte(ownerId << (Pte.OwnerShift - 1)) : Pte.Annotation(ownerId);
    }
}
