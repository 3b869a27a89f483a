namespace Harness.Properties.Invariants;

/// <summary>Spec 8.8: the host has no valid mapping of a page it does not own.</summary>
public sealed class HostIsolation : IInvariant
{
    public string Name => "no host mapping of a page it does not own";

    public bool AppliesTo(World w) => w.Host is not null;

    public Violation? Check(World w)
    {
        foreach (var l in w.Observed.Leaves.Where(l => l.Pte.IsValid))
        {
            foreach (var (start, _, owner) in w.HostModel!.Owners.Runs(l.Start, l.End))
            {
                if (owner != 0)
                {
                    return new Violation(Name, $"the L{l.Level} leaf {l.Pte} maps a page owned by {owner}", start, "no valid mapping", l.Pte.ToString());
                }
            }
        }
        return null;
    }
}
