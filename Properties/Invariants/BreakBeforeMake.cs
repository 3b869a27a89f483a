using Harness.Implementation;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.13 and 8.14: a valid descriptor is never overwritten by another non-zero value directly, and
/// every valid descriptor that is cleared is followed, before its slot is written again or the call
/// ends, by a TLB invalidation that covers it: VMID-wide, or of an IPA inside it with no level hint or
/// (for a leaf) its own level.
/// </summary>
public sealed class BreakBeforeMake : IInvariant
{
    public string Name => "break-before-make";

    public Violation? Check(World w)
    {
        var log = w.Log.Since(0);
        var geo = w.Geometry;
        for (var i = 0; i < log.Length; i++)
        {
            var e = log[i];
            var old = new Pte(e.Old);
            if (e.Kind != EventKind.PteWrite || !old.IsValid || e.New == e.Old)
            {
                continue;
            }
            if (e.New != 0)
            {
                return new Violation(Name, $"valid {old} at L{e.Level} overwritten by 0x{e.New:x16} without a break", e.Ipa, "a write of 0 first", $"0x{e.New:x16}");
            }
            if (!Invalidated(log, i, geo, old.IsTable(e.Level)))
            {
                return new Violation(Name, $"valid {old} at L{e.Level} cleared without a TLB invalidation covering it", e.Ipa, "tlbi covering the entry", "none");
            }
        }
        return null;
    }

    private static bool Invalidated(ReadOnlySpan<Event> log, int clear, Geometry geo, bool wasTable)
    {
        var c = log[clear];
        var end = c.Ipa + geo.LevelSize(c.Level);
        for (var j = clear + 1; j < log.Length; j++)
        {
            var e = log[j];
            if (e.Kind == EventKind.PteWrite && e.Pa == c.Pa)
            {
                return false;
            }
            if (e.Kind == EventKind.TlbiVmid)
            {
                return true;
            }
            if (e.Kind == EventKind.TlbiIpa && e.Ipa >= c.Ipa && e.Ipa < end && (e.Level == -1 || (!wasTable && e.Level == c.Level)))
            {
                return true;
            }
        }
        return false;
    }
}
