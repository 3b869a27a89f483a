namespace Harness.Implementation;

/// <summary>
/// One 64-bit descriptor (spec 2), with its fields as named masks. The type carries no geometry:
/// methods that need the page shift take it.
/// </summary>
public readonly record struct Pte(ulong Bits)
{
    public const ulong ValidBit = 1UL << 0;
    public const ulong TypeBit = 1UL << 1;

    /// <summary>Stage-2 leaf attribute fields (spec 2.3).</summary>
    public const ulong MemAttrMask = 0xFUL << 2;
    public const ulong MemAttrNormal = 0xFUL << 2;
    public const ulong MemAttrDevice = 0x1UL << 2;
    public const ulong S2apR = 1UL << 6;
    public const ulong S2apW = 1UL << 7;
    public const ulong ShMask = 3UL << 8;
    public const ulong ShInner = 3UL << 8;
    public const ulong Af = 1UL << 10;
    public const ulong Xn = 1UL << 54;
    public const ulong SwBitsMask = 0xFUL << 55;

    /// <summary>The attribute windows a leaf may carry: LO [11:2] and HI [63:51].</summary>
    public const ulong AttrLoMask = 0xFFCUL;
    public const ulong AttrHiMask = 0x1FFFUL << 51;

    /// <summary>Mirrors <c>KVM_PTE_LEAF_ATTR_S2_PERMS</c>: the only bits a "permission-only" change may touch.</summary>
    public const ulong S2Perms = S2apR | S2apW | Xn;

    /// <summary>Hyp stage-1 leaf fields (spec 2.4).</summary>
    public const ulong S1AttrIndxMask = 7UL << 2;
    public const ulong S1ApMask = 3UL << 6;
    public const ulong S1ApRw = 1UL << 6;
    public const ulong S1ApRo = 3UL << 6;

    /// <summary>Mirrors <c>KVM_INVALID_PTE_OWNER_MASK</c> (v5.13): bits [63:56].</summary>
    public const int OwnerShift = 56;
    public const ulong OwnerMask = 0xFFUL << OwnerShift;

    public static Pte Zero => default;

    /// <summary>Mirrors <c>kvm_pte_valid</c>.</summary>
    public bool IsValid => (Bits & ValidBit) != 0;

    /// <summary>Mirrors <c>kvm_pte_table</c>: a valid table descriptor, which level 3 never holds.</summary>
    public bool IsTable(int level) => level < Geometry.MaxLevels - 1 && (Bits & (ValidBit | TypeBit)) == (ValidBit | TypeBit);

    /// <summary>Mirrors <c>stage2_pte_is_counted</c> (spec 2.6): every non-zero descriptor holds a reference.</summary>
    public bool IsCounted => Bits != 0;

    /// <summary>The owner id field of an invalid descriptor (spec 2.5).</summary>
    public ulong OwnerField => (Bits & OwnerMask) >> OwnerShift;

    /// <summary>The owner of the page(s) a leaf covers (spec 2.6): 0 for valid leaves and zero entries.</summary>
    public ulong Owner => IsValid ? OwnerId.Host : OwnerField;

    /// <summary>Mirrors <c>kvm_pte_to_phys</c>: the output address, with PA[51:48] from bits [15:12] on 64K.</summary>
    public ulong OutputAddress(int pageShift)
    {
        var pa = Bits & AddressMask(pageShift);
        if (pageShift == (int)Granule.Size64K)
        {
            pa |= (Bits & (0xFUL << 12)) << 36;
        }
        return pa;
    }

    /// <summary>Mirrors <c>kvm_phys_to_pte</c>: the inverse of <see cref="OutputAddress"/>.</summary>
    public static ulong PhysToPte(ulong pa, int pageShift)
    {
        var bits = pa & AddressMask(pageShift);
        if (pageShift == (int)Granule.Size64K)
        {
            bits |= (pa >> 36) & (0xFUL << 12);
        }
        return bits;
    }

    /// <summary>Output-address bits [47:s] of a descriptor.</summary>
    public static ulong AddressMask(int pageShift) => ((1UL << 48) - 1) & ~((1UL << pageShift) - 1);

    /// <summary>Mirrors <c>kvm_set_table_pte</c>'s value: a table descriptor pointing to <paramref name="childPa"/>.</summary>
    public static Pte Table(ulong childPa, int pageShift) => new(PhysToPte(childPa, pageShift) | ValidBit | TypeBit);

    /// <summary>Mirrors <c>kvm_init_valid_leaf_pte</c>: a block below level 3, a page at level 3.</summary>
    public static Pte ValidLeaf(ulong pa, ulong attr, int level, int pageShift)
    {
        var bits = PhysToPte(pa, pageShift) | attr | ValidBit;
        if (level == Geometry.MaxLevels - 1)
        {
            bits |= TypeBit;
        }
        return new Pte(bits);
    }

    /// <summary>Mirrors <c>kvm_init_invalid_leaf_owner</c>: zero for the host, the owner field otherwise.</summary>
    public static Pte Annotation(ulong ownerId) => new((ownerId << OwnerShift) & OwnerMask);

    public override string ToString() => $"0x{Bits:x16}";
}
