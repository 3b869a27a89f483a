namespace Harness.Properties.Invariants;

/// <summary>Spec 8.11: owner annotations in the host stage 2 cover memory pages only (MMIO recycling would erase them).</summary>
public sealed class AnnotationsInMemoryOnly : IInvariant
{
    public string Name => "annotations in memory only";

    public bool AppliesTo(World w) => w.Host is not null;

    public Violation? Check(World w)
    {
        foreach (var l in w.Observed.Leaves.Where(l => !l.Pte.IsValid))
        {
            var isMemory = w.Host!.FindMemRange(l.Start, out var window);
            if (!isMemory || !window.Covers(l.Start, l.End))
            {
                return new Violation(Name, $"L{l.Level} annotation {l.Pte} covers MMIO", l.Start);
            }
        }
        return null;
    }
}
