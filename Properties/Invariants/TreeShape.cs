namespace Harness.Properties.Invariants;

/// <summary>Spec 8.1: every table descriptor points to an allocated, non-root pool page that no other descriptor points to.</summary>
public sealed class TreeShape : IInvariant
{
    public string Name => "tree shape";

    public Violation? Check(World w)
    {
        var seen = new HashSet<ulong>();
        var roots = w.Observed.Tables.Where(t => t.IsRoot).Select(t => t.Pa).ToHashSet();
        foreach (var t in w.Observed.Tables.Where(t => !t.IsRoot))
        {
            var pool = w.Pgt.Mm.PoolOf(t.Pa);
            var why = pool is null ? "points outside every pool"
                : pool.IsFree(t.Pa) ? "points to a free page"
                : roots.Contains(t.Pa) ? "points to a root page"
                : !seen.Add(t.Pa) ? "points to a table another descriptor points to"
                : null;
            if (why is not null)
            {
                return new Violation(Name, $"the L{t.Level - 1} table descriptor at {t.Parent} {why}", t.Start, "a private, allocated table page", $"0x{t.Pa:x}");
            }
        }
        return null;
    }
}
