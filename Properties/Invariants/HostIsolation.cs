using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>Spec 8.8: the host has no valid mapping of a page it does not own.</summary>
public sealed class HostIsolation : IInvariant
{
    public string Name => "no host mapping of a page it does not own";

    public bool AppliesTo(World w) => w.Layer == Layer.Host;

    public Violation? Check(World w, Scope scope)
    {
        foreach (ref readonly var run in scope.LeafRuns(hyp: false))
        {
            if (!run.First.Pte.IsValid || !w.ModelPages.Any(run.Start, run.End, static page => page.Owner != 0))
            {
                continue;
            }
            for (var i = 0; i < run.Count; i++)
            {
                var l = run.Leaf(i);
                for (var pos = l.Start; pos < l.End;)
                {
                    var (state, runEnd) = w.ModelPages.RunAt(pos);
                    if (state.Owner != 0)
                    {
                        return new Violation(Name, $"the L{l.Level} leaf {l.Pte} maps a page owned by {state.Owner}", pos, "no valid mapping", l.Pte.ToString());
                    }
                    pos = runEnd;
                }
            }
        }
        return null;
    }
}
