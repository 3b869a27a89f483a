namespace Harness.Implementation;

/// <summary>
/// Creating and tearing down a stage-2 table, and the reference helpers every stage-2 operation shares.
/// </summary>
public static class Stage2Pgtable
{
    /// <summary>
    /// Mirrors <c>kvm_pgtable_stage2_init_flags</c> (pgtable.c, v5.13): allocates the concatenated root
    /// from <paramref name="rootPool"/> and gives every root page its own count of 1 (the v5.15 fix,
    /// spec 3.3). When the pool cannot supply the root, the table has none and every walk answers
    /// -EINVAL; <paramref name="result"/> says -ENOMEM.
    /// </summary>
    public static KvmPgtable Init(Geometry geometry, MmOps mm, PagePool rootPool, Stage2Flags flags, Bug bugs, Fix fixes, out Errno result)
    {
        var pgt = new KvmPgtable(geometry, mm, flags, bugs, fixes, isStage2: true);
        var pages = geometry.RootPages;
        // kvm_pgd_pages is always a power of two (spec 1.3), so the root is exactly one block.
        var order = System.Numerics.BitOperations.Log2((uint)pages);
        var root = rootPool.AllocPages(order);
        if (root is null)
        {
            result = Errno.ENOMEM;
            return pgt;
        }
        if (!pgt.Has(Bug.RootTailRefcount))
        {
            rootPool.SplitPage(root.Value);
        }
        pgt.Root = root;
        result = Errno.Ok;
        return pgt;
    }

    /// <summary>Mirrors <c>stage2_pte_is_counted</c> (spec 2.6): non-zero, or only valid under <see cref="Bug.RefcountValidOnly"/>.</summary>
    internal static bool IsCounted(KvmPgtable pgt, Pte pte) => pgt.Has(Bug.RefcountValidOnly) ? pte.IsValid : pte.IsCounted;

    /// <summary>
    /// Mirrors <c>stage2_put_pte</c> (pgtable.c, v5.13): a valid entry is cleared and its IPA invalidated
    /// at its level (break-before-make); then the reference the entry held on its table page is dropped.
    /// An invalid entry is not cleared: the caller overwrites it.
    /// </summary>
    internal static void PutPte(KvmPgtable pgt, PtePtr ptep, ulong addr, int level)
    {
        if (pgt.Read(ptep).IsValid)
        {
            pgt.Clear(ptep, addr, level);
            if (!pgt.Has(Bug.NoTlbiOnBreakBeforeMake))
            {
                pgt.TlbiIpa(addr, level);
            }
        }
        pgt.Mm.PutPage(ptep.TablePa);
    }

    /// <summary>
    /// Mirrors <c>kvm_pgtable_stage2_destroy</c> (pgtable.c, v5.13): drops every reference and child
    /// table, then releases the root pages and forgets the root. Idempotent.
    /// </summary>
    public static void Destroy(KvmPgtable pgt)
    {
        if (pgt.Root is not { } root)
        {
            return;
        }
        var v = new DestroyVisitor();
        KvmPgtableWalker.Walk(pgt, 0, 1UL << pgt.Geometry.IaBits, ref v);
        pgt.Mm.PoolOf(root)?.FreePagesExact(root, pgt.Geometry.RootPages);
        pgt.Root = null;
    }

    /// <summary>Mirrors <c>stage2_free_walker</c> (pgtable.c, v5.13).</summary>
    private struct DestroyVisitor : IKvmPgtableVisitor
    {
        public readonly WalkFlags Flags => WalkFlags.Leaf | WalkFlags.TablePost;

        public readonly Errno Visit(KvmPgtable pgt, ulong addr, ulong end, int level, PtePtr ptep, WalkFlags flag)
        {
            var pte = pgt.Read(ptep);
            if (!IsCounted(pgt, pte))
            {
                return Errno.Ok;
            }
            pgt.Mm.PutPage(ptep.TablePa);
            if (pte.IsTable(level))
            {
                pgt.Mm.PutPage(pgt.Follow(pte));
            }
            return Errno.Ok;
        }
    }
}
