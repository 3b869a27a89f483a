using Harness.Implementation;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.2: valid leaves sit at leaf-capable levels with the right type bit, an aligned output address
/// below the PA limit and only the stage-2 attributes; invalid ones carry only an owner id 1..max.
/// </summary>
public sealed class WellFormedLeaves : IInvariant
{
    public string Name => "well-formed leaves";

    public Violation? Check(World w)
    {
        var geo = w.Geometry;
        foreach (var l in w.Observed.Leaves)
        {
            if (Problem(geo, l) is { } why)
            {
                return new Violation(Name, $"L{l.Level} leaf {l.Pte}: {why}", l.Start);
            }
        }
        return null;
    }

    private static string? Problem(Geometry geo, Leaf l)
    {
        var bits = l.Pte.Bits;
        if (!l.Pte.IsValid)
        {
            var owner = l.Pte.OwnerField;
            return (bits & ~Pte.OwnerMask) != 0 ? "an invalid entry with bits outside the owner field"
                : owner is < 1 or > OwnerId.Max ? $"owner id {owner} is not 1..{OwnerId.Max}"
                : null;
        }
        var last = l.Level == Geometry.MaxLevels - 1;
        var oa = l.Pte.OutputAddress(geo.PageShift);
        var known = Pte.ValidBit | Pte.TypeBit | Pte.AddressMask(geo.PageShift) | Pte.AttrLoMask | Pte.AttrHiMask |
                    (geo.Granule == Granule.Size64K ? 0xFUL << 12 : 0);
        return !geo.LevelSupportsLeaf(l.Level) ? $"level {l.Level} does not allow leaves with this granule"
            : ((bits & Pte.TypeBit) != 0) != last ? "wrong type bit for the level"
            : (oa & (geo.LevelSize(l.Level) - 1)) != 0 ? $"output address 0x{oa:x} not aligned to the level"
            : (bits & ~known) != 0 ? "bits outside the attribute windows"
            : (bits & Pte.ShMask) != Pte.ShInner ? "not inner shareable"
            : (bits & Pte.Af) == 0 ? "access flag clear"
            : (bits & Pte.MemAttrMask) is not (Pte.MemAttrNormal or Pte.MemAttrDevice) ? "MemAttr is neither Normal nor Device-nGnRE"
            : (bits & Pte.SwBitsMask) != 0 ? "software bits set (none in v5.13)"
            : null;
    }
}
