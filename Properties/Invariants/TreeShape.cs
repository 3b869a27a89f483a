using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.1: every table descriptor points to an allocated pool page that is no root and that no other
/// descriptor points to, and a table is freed only once no descriptor points to it. The shadow checks
/// each link as it is written; over a scope, every table page in it must still be allocated.
/// </summary>
public sealed class TreeShape : IInvariant
{
    public string Name => Claims.TreeShape;

    public Violation? Check(World w, Scope scope)
    {
        if (scope.Shadow.Finding(Name) is { } v)
        {
            return v;
        }
        foreach (var page in scope.Pages)
        {
            if (!page.IsRoot && !scope.Shadow.IsAllocated(page.Pa))
            {
                return new Violation(Name, $"the L{page.Level} table 0x{page.Pa:x} is linked but not allocated", page.Start, "an allocated table page", "a free page");
            }
        }
        return null;
    }
}
