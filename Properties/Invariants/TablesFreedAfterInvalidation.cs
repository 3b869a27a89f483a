using Harness.Implementation;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.6: a table page goes back to the pool only after the descriptor linking it (or an
/// ancestor's) was cleared and a TLB invalidation able to evict walk-cache entries (VMID-wide, or an
/// IPA with no level hint) was issued after that clear.
/// </summary>
public sealed class TablesFreedAfterInvalidation : IInvariant
{
    public string Name => "tables freed only after unlink and invalidation";

    public Violation? Check(World w)
    {
        var log = w.Log.Since(0);
        var shift = w.Geometry.PageShift;
        for (var f = 0; f < log.Length; f++)
        {
            var pa = log[f].Pa;
            if (log[f].Kind != EventKind.Free || !w.TablePools.Any(p => p.Contains(pa)))
            {
                continue;
            }
            if (!UnlinkedAndInvalidated(log, f, shift))
            {
                return new Violation(Name, $"table page 0x{log[f].Pa:x} was freed before an unhinted invalidation of its unlinking", null, "clear, then tlbi vmid or tlbi ipa any, then free", "free");
            }
        }
        return null;
    }

    private static bool UnlinkedAndInvalidated(ReadOnlySpan<Event> log, int free, int shift)
    {
        var pa = log[free].Pa;
        var ownClear = -1;
        for (var i = 0; i < free; i++)
        {
            var e = log[i];
            if (e.Kind == EventKind.PteWrite && e.New == 0 && new Pte(e.Old).IsTable(e.Level) && new Pte(e.Old).OutputAddress(shift) == pa)
            {
                ownClear = i;
            }
        }
        for (var i = 0; i < free; i++)
        {
            var e = log[i];
            var unlinksThis = i == ownClear;
            var unlinksAncestor = ownClear < 0 && e.Kind == EventKind.PteWrite && e.New == 0 && new Pte(e.Old).IsTable(e.Level);
            if (!unlinksThis && !unlinksAncestor)
            {
                continue;
            }
            for (var j = i + 1; j < free; j++)
            {
                if (log[j].Kind == EventKind.TlbiVmid || (log[j].Kind == EventKind.TlbiIpa && log[j].Level == -1))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
