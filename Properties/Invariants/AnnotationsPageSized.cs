using Harness.Implementation;
using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.12, with the page-sized-annotations fix (v5.15 forces page granularity for set_owner): every
/// owner annotation is at level 3, so splitting a block can never hand pages back.
/// </summary>
public sealed class AnnotationsPageSized : IInvariant
{
    public string Name => "annotations are page-sized";

    public bool AppliesTo(World w) => w.Config.Fixes.HasFlag(Fix.PageSizedAnnotations);

    public Violation? Check(World w, Scope scope)
    {
        // The leaves of a run share their level and validity: the first speaks for all.
        foreach (ref readonly var run in scope.LeafRuns(hyp: false))
        {
            var l = run.First;
            if (l.Pte.IsAnnotation && l.Level != 3)
            {
                return new Violation(Name, $"an owner annotation {l.Pte} covers [0x{l.Start:x}, 0x{l.End:x}) at level {l.Level}", l.Start, "level 3", $"level {l.Level}");
            }
        }
        return null;
    }
}
