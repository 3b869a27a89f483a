using Harness.Model;
using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>Spec 8.11: owner annotations in the host stage 2 cover memory pages only (MMIO recycling would erase them).</summary>
public sealed class AnnotationsInMemoryOnly : IInvariant
{
    public string Name => "annotations in memory only";

    public bool AppliesTo(World w) => w.Layer == Layer.Host;

    public Violation? Check(World w, Scope scope)
    {
        var model = ((HostWorld)w).Model;
        (PageRange Window, bool IsMemory) region = default;
        foreach (ref readonly var run in scope.LeafRuns(hyp: false))
        {
            if (!run.First.Pte.IsAnnotation)
            {
                continue;
            }
            // Leaves come in address order, most of them in the region of the one before.
            if (run.Start < region.Window.Start || run.Start >= region.Window.End)
            {
                region = model.RegionAt(run.Start);
            }
            // A run inside one memory region: each of its leaves is.
            if (region.IsMemory && run.End <= region.Window.End)
            {
                continue;
            }
            for (var i = 0; i < run.Count; i++)
            {
                var l = run.Leaf(i);
                if (l.Start < region.Window.Start || l.Start >= region.Window.End)
                {
                    region = model.RegionAt(l.Start);
                }
                if (!region.IsMemory || region.Window.End < l.End)
                {
                    return new Violation(Name, $"L{l.Level} annotation {l.Pte} covers MMIO in [0x{l.Start:x}, 0x{l.End:x})", l.Start);
                }
            }
        }
        return null;
    }
}
