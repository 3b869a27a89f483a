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
        foreach (ref readonly var run in scope.LeafRuns(hyp: false))
        {
            // Every flaw but the PA limit reads what the leaves of a run share, and an output address that
            // advances passes the limit last: a run whose first and last leaves are sound is sound.
            if (FlawOf(geo, known, run.First) == Flaw.None && (run.Count == 1 || FlawOf(geo, known, run.Last) == Flaw.None))
            {
                continue;
            }
            for (var i = 0; i < run.Count; i++)
            {
                var l = run.Leaf(i);
                if (FlawOf(geo, known, l) is var flaw and not Flaw.None)
                {
                    return new Violation(Name, $"L{l.Level} leaf {l.Pte}: {Why(flaw, geo, l)}", l.Start, null, FieldText.Describe(l.Pte, l.Level));
                }
            }
        }
        return null;
    }

    /// <summary>What can be wrong with a leaf, in the order it is judged.</summary>
    private enum Flaw
    {
        None,
        InvalidWithStrayBits,
        OwnerOutOfRange,
        LevelAllowsNoLeaf,
        WrongTypeBit,
        Unaligned,
        BeyondPaLimit,
        StrayBits,
        NotInnerShareable,
        AccessFlagClear,
        UnknownMemAttr,
        SoftwareBits,
    }

    /// <summary>
    /// The first flaw of leaf <paramref name="l"/>; <paramref name="known"/> holds the bits a valid leaf may
    /// use. No text here: a sweep judges every leaf, and with the reasons built in the same method the
    /// judgement was a quarter of a long host replay (it is 6% now); <see cref="Why"/> writes the text.
    /// </summary>
    private static Flaw FlawOf(SpecGeometry geo, ulong known, in LeafView l)
    {
        var bits = l.Pte.Bits;
        if (!l.Pte.IsValid)
        {
            return (bits & ~Descriptor.OwnerMask) != 0 ? Flaw.InvalidWithStrayBits
                : l.Pte.OwnerField is < 1 or > 1 ? Flaw.OwnerOutOfRange
                : Flaw.None;
        }
        var oa = l.Pte.OutputAddress(geo.PageShift);
        return !geo.LeafAllowed(l.Level) ? Flaw.LevelAllowsNoLeaf
            : ((bits & Descriptor.Type) != 0) != (l.Level == 3) ? Flaw.WrongTypeBit
            : (oa & (geo.Size(l.Level) - 1)) != 0 ? Flaw.Unaligned
            : oa >> geo.PaBits != 0 ? Flaw.BeyondPaLimit
            : (bits & ~known) != 0 ? Flaw.StrayBits
            : (bits & Descriptor.ShMask) != Descriptor.ShInner ? Flaw.NotInnerShareable
            : (bits & Descriptor.Af) == 0 ? Flaw.AccessFlagClear
            : (bits & Descriptor.MemAttrMask) is not (Descriptor.MemAttrNormal or Descriptor.MemAttrDevice) ? Flaw.UnknownMemAttr
            : (bits & Descriptor.SwMask) != 0 ? Flaw.SoftwareBits
            : Flaw.None;
    }

    private static string Why(Flaw flaw, SpecGeometry geo, in LeafView l)
    {
        var oa = l.Pte.OutputAddress(geo.PageShift);
        return flaw switch
        {
            Flaw.InvalidWithStrayBits => "an invalid entry with bits outside the owner field",
            Flaw.OwnerOutOfRange => $"owner id {l.Pte.OwnerField} is not 1..1",
            Flaw.LevelAllowsNoLeaf => $"level {l.Level} does not allow leaves with the {geo.PageSize / 1024}K granule (spec 1.2)",
            Flaw.WrongTypeBit => "wrong type bit for the level",
            Flaw.Unaligned => $"output address 0x{oa:x} not aligned to the level",
            Flaw.BeyondPaLimit => $"output address 0x{oa:x} beyond the {geo.PaBits}-bit PA limit",
            Flaw.StrayBits => "bits outside the output address and the attribute windows",
            Flaw.NotInnerShareable => "not inner shareable",
            Flaw.AccessFlagClear => "access flag clear",
            Flaw.UnknownMemAttr => "MemAttr is neither Normal nor Device-nGnRE",
            _ => "software bits set (none in v5.13)",
        };
    }
}
