using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>Spec 8.9: in an identity-mapped table every valid leaf's output address is the IPA it starts at.</summary>
public sealed class IdentityMapping : IInvariant
{
    public string Name => "identity mapping";

    public Violation? Check(World w, Scope scope)
    {
        // The leaves of a run map at the same distance from their IPA: the first speaks for all.
        foreach (ref readonly var run in scope.LeafRuns(hyp: false))
        {
            var l = run.First;
            var oa = l.Pte.OutputAddress(scope.Shadow.Geometry.PageShift);
            if (l.Pte.IsValid && oa != l.Start)
            {
                var offset = oa > l.Start ? $"+0x{oa - l.Start:x}" : $"-0x{l.Start - oa:x}";
                return new Violation(Name, $"L{l.Level} leaf {l.Pte} maps IPA 0x{l.Start:x} to PA 0x{oa:x} ({offset})", l.Start, $"output 0x{l.Start:x}", $"output 0x{oa:x}");
            }
        }
        return null;
    }
}
