using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.2: a valid stage-2 leaf sits at a level that allows leaves for the granule, has the right type
/// bit, an output address aligned to the level and below the PA limit, only the stage-2 attributes, SH
/// inner shareable, AF set and a known MemAttr; an invalid one carries only an owner id 1..1.
/// Judged from the oracle's own tables (spec 1.2, 2.3, 2.5), never from the Implementation's.
/// </summary>
public sealed class WellFormedLeaves : IInvariant
{
    public string Name => "well-formed leaves";

    public Violation? Check(World w, Scope scope)
    {
        var geo = scope.Shadow.Geometry;
        var known = Descriptor.Valid | Descriptor.Type | Descriptor.AddressBits(geo.PageShift) | Descriptor.AttrWindows;
        foreach (ref readonly var l in scope.Leaves(hyp: false))
        {
            if (Problem(geo, known, l) is { } why)
            {
                return new Violation(Name, $"L{l.Level} leaf {l.Pte}: {why}", l.Start, null, FieldText.Describe(l.Pte, l.Level));
            }
        }
        return null;
    }

    /// <summary>Why leaf <paramref name="l"/> is malformed, or null; <paramref name="known"/> holds the bits a valid leaf may use.</summary>
    private static string? Problem(SpecGeometry geo, ulong known, in LeafView l)
    {
        var bits = l.Pte.Bits;
        if (!l.Pte.IsValid)
        {
            return (bits & ~Descriptor.OwnerMask) != 0 ? "an invalid entry with bits outside the owner field"
                : l.Pte.OwnerField is < 1 or > 1 ? $"owner id {l.Pte.OwnerField} is not 1..1"
                : null;
        }
        var oa = l.Pte.OutputAddress(geo.PageShift);
        return !geo.LeafAllowed(l.Level) ? $"level {l.Level} does not allow leaves with the {geo.PageSize / 1024}K granule (spec 1.2)"
            : ((bits & Descriptor.Type) != 0) != (l.Level == 3) ? "wrong type bit for the level"
            : (oa & (geo.Size(l.Level) - 1)) != 0 ? $"output address 0x{oa:x} not aligned to the level"
            : oa >> geo.PaBits != 0 ? $"output address 0x{oa:x} beyond the {geo.PaBits}-bit PA limit"
            : (bits & ~known) != 0 ? "bits outside the output address and the attribute windows"
            : (bits & Descriptor.ShMask) != Descriptor.ShInner ? "not inner shareable"
            : (bits & Descriptor.Af) == 0 ? "access flag clear"
            : (bits & Descriptor.MemAttrMask) is not (Descriptor.MemAttrNormal or Descriptor.MemAttrDevice) ? "MemAttr is neither Normal nor Device-nGnRE"
            : (bits & Descriptor.SwMask) != 0 ? "software bits set (none in v5.13)"
            : null;
    }
}
