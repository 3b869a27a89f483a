using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.5: no put on a page whose count is 0, no get, write or free of a free page, no access outside
/// every pool, no free of a page that is not the head of its block, and no kernel BUG().
/// </summary>
public sealed class NoUseAfterFree : IInvariant
{
    public string Name => Claims.NoUseAfterFree;

    public Violation? Check(World w, Scope scope) => scope.Shadow.Finding(Name);
}
