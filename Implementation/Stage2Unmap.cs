namespace Harness.Implementation;

/// <summary>Removing mappings and annotations (spec 5.5). Mirrors <c>stage2_unmap_walker</c> and <c>kvm_pgtable_stage2_unmap</c> (pgtable.c, v5.13).</summary>
public static class Stage2Unmap
{
    /// <summary>
    /// Clears every valid leaf and annotation overlapping <c>[addr, addr+size)</c> (rounded out to
    /// pages); a block only partly inside is removed whole. Tables left with no counted entry are
    /// freed. Returns 0, -ERANGE or -EINVAL (no root). Mirrors <c>kvm_pgtable_stage2_unmap</c>.
    /// </summary>
    public static Errno Unmap(KvmPgtable pgt, ulong addr, ulong size)
    {
        var v = new UnmapVisitor();
        var ret = KvmPgtableWalker.Walk(pgt, addr, size, ref v);
        if (ret == Errno.Ok && size != 0 && pgt.Has(Bug.UnmapClearsNeighbour))
        {
            // The bug: the page at the next level-2 boundary after the walk is unmapped too, properly.
            var geo = pgt.Geometry;
            var walkEnd = ((addr & ~(geo.PageSize - 1)) + size + geo.PageSize - 1) & ~(geo.PageSize - 1);
            var block = geo.LevelSize(2);
            var next = (walkEnd + block - 1) & ~(block - 1);
            if (next > walkEnd - 1 && next < 1UL << geo.IaBits)
            {
                KvmPgtableWalker.Walk(pgt, next, geo.PageSize, ref v);
            }
        }
        return ret;
    }

    /// <summary>Mirrors <c>stage2_unmap_walker</c>.</summary>
    private struct UnmapVisitor : IKvmPgtableVisitor
    {
        public readonly WalkFlags Flags => WalkFlags.Leaf | WalkFlags.TablePost;

        public readonly Errno Visit(KvmPgtable pgt, ulong addr, ulong end, int level, PtePtr ptep, WalkFlags flag)
        {
            var pte = pgt.Read(ptep);
            if (!pte.IsValid)
            {
                // Invalid entries are never cached, so clearing an annotation needs no invalidation.
                if (Stage2Pgtable.IsCounted(pgt, pte) && !pgt.Has(Bug.UnmapSkipsAnnotations))
                {
                    pgt.Clear(ptep, addr, level);
                    if (pgt.Has(Bug.InvalidateAnnotationClear))
                    {
                        pgt.TlbiIpa(addr, level);
                    }
                    pgt.Mm.PutPage(ptep.TablePa);
                }
                return Errno.Ok;
            }

            ulong childp = 0;
            var needFlush = false;
            if (pte.IsTable(level))
            {
                childp = pgt.Follow(pte);
                if (ChildCount(pgt, childp) != 1)
                {
                    return Errno.Ok;
                }
                // Removing a table: invalidate with no level hint, since the hint only describes
                // leaves and the walk cache may hold this table (the v6.9 fix; v5.13 passed the level).
                if (!pgt.Has(Bug.UnmapKeepsFreedTableLinked))
                {
                    pgt.Clear(ptep, addr, level);
                }
                if (!pgt.Has(Bug.UnmapTableWithoutTlbi))
                {
                    pgt.TlbiIpa(addr, pgt.Has(Bug.UnmapTableTlbiWithLevelHint) ? level : -1);
                }
                pgt.Mm.PutPage(ptep.TablePa);
            }
            else
            {
                needFlush = Stage2Attr.IsCacheable(pgt, pte) && (pgt.Flags & Stage2Flags.NoFwb) != 0;
                Stage2Pgtable.PutPte(pgt, ptep, addr, level);
            }

            if (needFlush)
            {
                pgt.Cmo(pte.OutputAddress(pgt.Geometry.PageShift), pgt.Geometry.LevelSize(level));
            }
            if (childp != 0)
            {
                pgt.Mm.PutPage(childp);
            }
            return Errno.Ok;
        }

        /// <summary>
        /// The child's reference count (<c>mm_ops-&gt;page_count</c>), or under
        /// <see cref="Bug.UnmapFreesAnnotatedTable"/> one plus its valid entries only.
        /// </summary>
        private static int ChildCount(KvmPgtable pgt, ulong childp)
        {
            if (!pgt.Has(Bug.UnmapFreesAnnotatedTable))
            {
                return pgt.Mm.PageCount(childp);
            }
            var count = 1;
            for (var i = 0; i < pgt.Geometry.PtrsPerPte; i++)
            {
                if (new Pte(pgt.Mm.Read(childp, i)).IsValid)
                {
                    count++;
                }
            }
            return count;
        }
    }
}
