namespace Harness.Properties.Invariants;

/// <summary>Spec 8.3: for every live table page, roots included, rc == 1 + number of non-zero entries.</summary>
public sealed class RefcountConsistency : IInvariant
{
    public string Name => "refcount consistency";

    public Violation? Check(World w)
    {
        foreach (var t in w.Observed.Tables)
        {
            var counted = t.Counted;
            var rc = w.Pgt.Mm.PageCount(t.Pa);
            if (rc != 1 + counted)
            {
                var what = t.IsRoot ? "root page" : $"L{t.Level} table";
                return new Violation(Name, $"{what} at 0x{t.Pa:x} has {counted} non-zero entries", t.Start, $"rc {1 + counted}", $"rc {rc}");
            }
        }
        return null;
    }
}
