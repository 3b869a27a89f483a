using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.3: for every live table page, roots included and counted per page, rc == 1 + the number of
/// non-zero entries (the hypervisor's stage 1 in v5.13 is not counted: rc == 1); the count the backend
/// reports is also the one its get and put events add up to.
/// </summary>
public sealed class RefcountConsistency : IInvariant
{
    public string Name => Claims.RefcountConsistency;

    public Violation? Check(World w, Scope scope)
    {
        if (scope.Shadow.Finding(Name) is { } v)
        {
            return v;
        }
        foreach (var page in scope.Pages)
        {
            var rc = w.Memory.PageCount(page.Pa);
            var expected = page.IsHyp ? 1 : 1 + page.Counted;
            if (rc != expected)
            {
                var what = page.IsRoot ? $"root page {page.RootIndex}" : $"L{page.Level} table";
                return new Violation(Name, $"{what} at 0x{page.Pa:x}{(page.IsHyp ? " of the hypervisor's stage 1" : "")} has {page.Counted} non-zero entries", page.Start, $"rc {expected}", $"rc {rc}");
            }
            if (rc != scope.Shadow.CountOf(page.Pa))
            {
                return new Violation(Name, $"page 0x{page.Pa:x} has count {rc}, but its get and put events add up to {scope.Shadow.CountOf(page.Pa)}", page.Start, $"rc {scope.Shadow.CountOf(page.Pa)}", $"rc {rc}");
            }
        }
        return null;
    }
}
