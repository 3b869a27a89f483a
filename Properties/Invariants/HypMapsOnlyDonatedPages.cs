using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 6.3 with the donate-maps-hyp fix: the hypervisor's stage 1 maps only pages the hypervisor owns,
/// each at VA = PA, read-write, execute-never, so no page is reachable from both sides.
/// </summary>
public sealed class HypMapsOnlyDonatedPages : IInvariant
{
    public string Name => "hypervisor maps only donated pages";

    public bool AppliesTo(World w) => w.Memory.HypRoot is not null;

    public Violation? Check(World w, Scope scope)
    {
        foreach (ref readonly var run in scope.LeafRuns(hyp: true))
        {
            // The leaves of a run are all valid or all not, and map at the same distance from their VA:
            // the first speaks for all in that; the owners are asked over the whole run.
            var first = run.First;
            if (first.Pte.IsValid && first.Pte.OutputAddress(scope.Shadow.Geometry.PageShift) == first.Start && !w.ModelPages.Any(run.Start, run.End, static page => page.Owner != 1))
            {
                continue;
            }
            for (var i = 0; i < run.Count; i++)
            {
                var l = run.Leaf(i);
                if (!l.Pte.IsValid)
                {
                    return new Violation(Name, $"hyp stage-1 leaf {l.Pte} at VA 0x{l.Start:x} is invalid but not zero", l.Start);
                }
                var pa = l.Pte.OutputAddress(scope.Shadow.Geometry.PageShift);
                if (pa != l.Start)
                {
                    return new Violation(Name, $"hyp stage-1 leaf {l.Pte} maps VA 0x{l.Start:x} to PA 0x{pa:x}", l.Start, $"PA 0x{l.Start:x}", $"PA 0x{pa:x}");
                }
                // Run by run (a donation maps hundreds of pages, each a leaf of its own): no iterator per leaf.
                for (var pos = pa; pos < pa + l.Size;)
                {
                    var (state, runEnd) = w.ModelPages.RunAt(pos);
                    if (state.Owner != 1)
                    {
                        return new Violation(Name, $"hyp stage-1 leaf {l.Pte} maps a page owned by {state.Owner}", pos, "owner 1", $"owner {state.Owner}");
                    }
                    pos = runEnd;
                }
            }
        }
        return null;
    }
}
