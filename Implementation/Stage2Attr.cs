namespace Harness.Implementation;

/// <summary>Stage-2 leaf attributes from a <see cref="Prot"/> (spec 5.2).</summary>
public static class Stage2Attr
{
    /// <summary>FWB encoding of Normal memory (spec 2.3).</summary>
    public const ulong MemAttrNormalFwb = 0x6UL << 2;

    /// <summary>
    /// Mirrors <c>stage2_set_prot_attr</c> (pgtable.c, v5.13). -EINVAL for X with DEVICE, and for prot
    /// bits this version does not know (the kernel's enum cannot carry them; our API can).
    /// </summary>
    public static Errno FromProt(KvmPgtable pgt, Prot prot, out ulong attr)
    {
        attr = 0;
        if ((prot & ~(Prot.R | Prot.W | Prot.X | Prot.Device)) != 0)
        {
            return Errno.EINVAL;
        }
        var device = (prot & Prot.Device) != 0;
        var fwb = (pgt.Flags & Stage2Flags.NoFwb) == 0;
        var a = device ? Pte.MemAttrDevice : fwb ? MemAttrNormalFwb : Pte.MemAttrNormal;
        if ((prot & Prot.X) == 0)
        {
            a |= Pte.Xn;
        }
        else if (device)
        {
            return Errno.EINVAL;
        }
        if ((prot & Prot.R) != 0)
        {
            a |= Pte.S2apR;
        }
        if ((prot & Prot.W) != 0)
        {
            a |= Pte.S2apW;
        }
        attr = a | Pte.ShInner | Pte.Af;
        return Errno.Ok;
    }

    /// <summary>
    /// Mirrors <c>stage2_pte_cacheable</c>: a leaf whose MemAttr is Normal in the table's encoding.
    /// </summary>
    public static bool IsCacheable(KvmPgtable pgt, Pte pte)
    {
        var normal = (pgt.Flags & Stage2Flags.NoFwb) == 0 ? MemAttrNormalFwb : Pte.MemAttrNormal;
        return (pte.Bits & Pte.MemAttrMask) == normal;
    }
}
