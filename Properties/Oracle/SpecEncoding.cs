using Harness.Model;

namespace Harness.Properties.Oracle;

/// <summary>The descriptors the spec says the stage-2 map writes (spec 2.3, 5.2), encoded by the oracle itself.</summary>
public static class SpecEncoding
{
    /// <summary>
    /// Spec 5.2 on a table without FWB (both layers use NOFWB): MemAttr Normal 0xF or Device-nGnRE 0x1,
    /// S2AP from R and W, XN unless X, SH inner shareable, AF; then spec 2.3: the output address, the type
    /// bit at level 3, valid.
    /// </summary>
    public static ulong Stage2Leaf(ulong pa, Access access, int level, int pageShift)
    {
        var bits = access.HasFlag(Access.Device) ? Descriptor.MemAttrDevice : Descriptor.MemAttrNormal;
        bits |= access.HasFlag(Access.R) ? Descriptor.S2apR : 0;
        bits |= access.HasFlag(Access.W) ? Descriptor.S2apW : 0;
        bits |= access.HasFlag(Access.X) ? 0 : Descriptor.Xn;
        bits |= Descriptor.ShInner | Descriptor.Af | Descriptor.Valid | (level == 3 ? Descriptor.Type : 0);
        var oa = pa & ((1UL << 48) - 1) & ~((1UL << pageShift) - 1);
        if (pageShift == 16)
        {
            oa |= ((pa >> 48) & 0xF) << 12;
        }
        return bits | oa;
    }

    /// <summary>What a valid stage-2 leaf grants, in the model's terms (spec 2.3).</summary>
    public static Access AccessOf(Descriptor d)
    {
        var access = Access.None;
        access |= (d.Bits & Descriptor.S2apR) != 0 ? Access.R : 0;
        access |= (d.Bits & Descriptor.S2apW) != 0 ? Access.W : 0;
        access |= (d.Bits & Descriptor.Xn) == 0 ? Access.X : 0;
        access |= (d.Bits & Descriptor.MemAttrMask) == Descriptor.MemAttrDevice ? Access.Device : 0;
        return access;
    }

    /// <summary>What a leaf says of each page it covers (spec 2.5, 2.6): its owner, or its mapping.</summary>
    public static PageState StateOf(Descriptor d, ulong leafStart, int pageShift) => d.IsValid
        ? PageState.MappedAt(d.OutputAddress(pageShift) - leafStart, AccessOf(d))
        : PageState.OwnedBy(d.OwnerField);
}
