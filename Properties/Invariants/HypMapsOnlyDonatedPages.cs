namespace Harness.Properties.Invariants;

/// <summary>Spec 6.3: the hypervisor's stage 1 maps only pages the hypervisor owns, so no page is reachable from both sides.</summary>
public sealed class HypMapsOnlyDonatedPages : IInvariant
{
    public string Name => "hypervisor maps only donated pages";

    public bool AppliesTo(World w) => w.ObservedHyp is not null;

    public Violation? Check(World w)
    {
        foreach (var l in w.ObservedHyp!.Leaves.Where(l => l.Pte.IsValid))
        {
            var pa = l.Pte.OutputAddress(w.Geometry.PageShift);
            foreach (var (start, _, owner) in w.HostModel!.Owners.Runs(pa, pa + (l.End - l.Start)))
            {
                if (owner != 1)
                {
                    return new Violation(Name, $"hyp stage-1 leaf {l.Pte} maps a page owned by {owner}", start, "owner 1", $"owner {owner}");
                }
            }
        }
        return null;
    }
}
