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
        foreach (var range in scope.Ranges)
        {
            if (ObservedPages.FirstDifference(scope.Shadow, w.ModelPages, range.Start, range.End) is var (page, expected, actual))
            {
                return new Violation(Name, "the table disagrees with the model", page, expected.ToString(), actual.ToString());
            }
        }
        return null;
    }
}
