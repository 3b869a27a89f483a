using Harness.Model;
using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.7: every page's leaf says what the model says: its owner and whether and how it is mapped.
/// Each page has exactly one covering leaf, so this is also unique ownership.
/// </summary>
public sealed class OwnershipAgreesWithModel : IInvariant
{
    public string Name => "ownership agrees with the model";

    public Violation? Check(World w, Scope scope)
    {
        // A sweep has every leaf gathered already, in address order: no second walk of the table.
        if (scope.All)
        {
            return Disagreement(ObservedPages.FirstDifference(scope.LeafRuns(hyp: false), w.ModelPages, scope.Shadow.Geometry.Limit));
        }
        foreach (var range in scope.Ranges)
        {
            if (Disagreement(ObservedPages.FirstDifference(scope.Shadow, w.ModelPages, range.Start, range.End)) is { } v)
            {
                return v;
            }
        }
        return null;
    }

    private Violation? Disagreement((ulong Page, PageState Model, PageState Table)? difference) =>
        difference is var (page, expected, actual) ? new Violation(Name, "the table disagrees with the model", page, expected.ToString(), actual.ToString()) : null;
}
