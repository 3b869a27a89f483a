namespace Harness.Properties.Oracle;

/// <summary>
/// The oracle's own decoding of a 64-bit descriptor (spec 2): the bits it judges by, named once, with no
/// reference to the Implementation's <c>Pte</c>.
/// </summary>
public readonly record struct Descriptor(ulong Bits)
{
    public const ulong Valid = 1UL << 0;
    public const ulong Type = 1UL << 1;

    /// <summary>Spec 2.3, stage-2 leaves.</summary>
    public const ulong MemAttrMask = 0xFUL << 2;
    public const ulong MemAttrNormal = 0xFUL << 2;
    public const ulong MemAttrDevice = 0x1UL << 2;
    public const ulong S2apR = 1UL << 6;
    public const ulong S2apW = 1UL << 7;
    public const ulong ShMask = 3UL << 8;
    public const ulong ShInner = 3UL << 8;
    public const ulong Af = 1UL << 10;
    public const ulong Xn = 1UL << 54;
    public const ulong SwMask = 0xFUL << 55;

    /// <summary>Spec 2.3: the only attribute windows a leaf may use, [11:2] and [63:51].</summary>
    public const ulong AttrWindows = 0xFFCUL | (0x1FFFUL << 51);

    /// <summary>Spec 2.3: the bits a permission-only change may differ in.</summary>
    public const ulong PermissionBits = S2apR | S2apW | Xn;

    /// <summary>Spec 2.4, hypervisor stage-1 leaves.</summary>
    public const ulong S1AttrIndxMask = 7UL << 2;
    public const ulong S1ApMask = 3UL << 6;
    public const ulong S1ApRw = 1UL << 6;

    /// <summary>Spec 2.5 (v5.13): the owner id of an annotation, bits [63:56].</summary>
    public const int OwnerShift = 56;
    public const ulong OwnerMask = 0xFFUL << OwnerShift;

    public bool IsValid => (Bits & Valid) != 0;

    /// <summary>Spec 2.6: a valid table descriptor; level 3 never holds one.</summary>
    public bool IsTable(int level) => level < 3 && (Bits & (Valid | Type)) == (Valid | Type);

    public bool IsLeaf(int level) => !IsTable(level);

    /// <summary>Spec 2.6: every non-zero descriptor holds a reference on its table page.</summary>
    public bool IsCounted => Bits != 0;

    /// <summary>A non-zero invalid descriptor: an owner annotation (or garbage).</summary>
    public bool IsAnnotation => Bits != 0 && !IsValid;

    public ulong OwnerField => Bits >> OwnerShift;

    /// <summary>Spec 2.6: whom the pages of a leaf belong to; 0 for valid leaves and zero entries.</summary>
    public ulong Owner => IsValid ? 0 : OwnerField;

    /// <summary>Spec 1.5 / 2.1: bits [47:s], and with 64K PA[51:48] from bits [15:12].</summary>
    public ulong OutputAddress(int pageShift)
    {
        var pa = Bits & ((1UL << 48) - 1) & ~((1UL << pageShift) - 1);
        return pageShift == 16 ? pa | ((Bits >> 12) & 0xF) << 48 : pa;
    }

    /// <summary>The bits that hold an output address with this granule (used to find stray bits).</summary>
    public static ulong AddressBits(int pageShift) =>
        (((1UL << 48) - 1) & ~((1UL << pageShift) - 1)) | (pageShift == 16 ? 0xFUL << 12 : 0);

    public bool IsCacheable => (Bits & MemAttrMask) == MemAttrNormal;

    public override string ToString() => $"0x{Bits:x16}";
}
