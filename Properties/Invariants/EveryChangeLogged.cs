using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>
/// The log the checks stand on is complete: every logged write finds in the slot the value the previous
/// logged writes left there, and a sweep finds memory exactly as the logged writes built it. A change
/// behind the log's back (a missed hook, a stray store) would otherwise hide from every claim that reads
/// the log (spec 8: the Log).
/// </summary>
public sealed class EveryChangeLogged : IInvariant
{
    public string Name => Claims.LogComplete;

    public Violation? Check(World w, Scope scope) => scope.Shadow.Finding(Name);
}
