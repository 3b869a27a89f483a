namespace Harness.Properties.Invariants;

/// <summary>Spec 8.9: in an identity-mapped table every valid leaf's output address is the IPA it starts at.</summary>
public sealed class IdentityMapping : IInvariant
{
    public string Name => "identity mapping";

    public Violation? Check(World w)
    {
        foreach (var l in w.Observed.Leaves.Where(l => l.Pte.IsValid))
        {
            var oa = l.Pte.OutputAddress(w.Geometry.PageShift);
            if (oa != l.Start)
            {
                return new Violation(Name, $"L{l.Level} leaf {l.Pte}", l.Start, $"output 0x{l.Start:x}", $"output 0x{oa:x}");
            }
        }
        return null;
    }
}
