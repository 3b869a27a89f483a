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
        foreach (var l in scope.Leaves(hyp: false))
        {
            if (l.Pte.IsAnnotation && (!model.IsMemory(l.Start) || model.Window(l.Start).End < l.End))
            {
                return new Violation(Name, $"L{l.Level} annotation {l.Pte} covers MMIO in [0x{l.Start:x}, 0x{l.End:x})", l.Start);
            }
        }
        return null;
    }
}
