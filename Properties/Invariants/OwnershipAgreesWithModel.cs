namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.7: every page's leaf says what the model says: its owner and, on the stage-2 layer, its
/// mapping. Each page has exactly one covering leaf, so this is also unique ownership.
/// </summary>
public sealed class OwnershipAgreesWithModel : IInvariant
{
    public string Name => "ownership agrees with the model";

    public Violation? Check(World w)
    {
        var limit = 1UL << w.Geometry.IaBits;
        if (w.Stage2Model is { } m)
        {
            return m.Pages.FirstDifference(w.Observed.Pages, 0, limit) is var (page, expected, actual)
                ? new Violation(Name, "the table disagrees with the model", page, expected.ToString(), actual.ToString())
                : null;
        }
        return w.HostModel!.Owners.FirstDifference(w.Observed.Owners, 0, limit) is var (p, owner, seen)
            ? new Violation(Name, "the table disagrees with the model", p, $"owner {owner}", $"owner {seen}")
            : null;
    }
}
