namespace Harness.Implementation;

/// <summary>Finding the leaf that covers an address (spec 4.3). Mirrors <c>leaf_walker</c> and <c>kvm_pgtable_get_leaf</c> (pgtable.c, v5.15).</summary>
public static class Stage2GetLeaf
{
    /// <summary>
    /// The leaf descriptor covering <paramref name="addr"/> (a block, a page, zero or an annotation)
    /// and its level. Returns 0, -ERANGE beyond the IA size, or -EINVAL with no root; on error the
    /// outputs are zero.
    /// </summary>
    public static Errno GetLeaf(KvmPgtable pgt, ulong addr, out Pte pte, out int level)
    {
        var v = new LeafVisitor();
        var ret = KvmPgtableWalker.Walk(pgt, addr, pgt.Geometry.PageSize, ref v);
        pte = ret == Errno.Ok ? v.Pte : Pte.Zero;
        level = ret == Errno.Ok ? v.Level : 0;
        return ret;
    }

    private struct LeafVisitor : IKvmPgtableVisitor
    {
        public Pte Pte;
        public int Level;

        public readonly WalkFlags Flags => WalkFlags.Leaf;

        public Errno Visit(KvmPgtable pgt, ulong addr, ulong end, int level, PtePtr ptep, WalkFlags flag)
        {
            Pte = pgt.Read(ptep);
            Level = level;
            return Errno.Ok;
        }
    }
}
