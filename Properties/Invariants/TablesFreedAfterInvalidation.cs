using Harness.Implementation;
using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.6: a table page goes back to the pool only after the descriptor linking it (or an ancestor's)
/// was cleared and then a TLB invalidation able to evict walk-cache entries for the page's own range was
/// issued: VMID-wide, or at an IPA inside the page's range with no level hint.
/// </summary>
public sealed class TablesFreedAfterInvalidation : IInvariant
{
    public string Name => "tables freed only after unlink and invalidation";

    public StepWatcher Watch(World w) => new Watcher(Name, w);

    private sealed class Watcher(string claim, World world) : StepWatcher
    {
        private readonly Dictionary<ulong, (ulong Start, ulong End, int Level, bool Invalidated)> _unlinked = [];
        private Violation? _violation;

        public override void BeginStep(StepContext step)
        {
            _unlinked.Clear();
            _violation = null;
        }

        public override void OnClear(in WriteContext w)
        {
            if (w.Page is null || !w.Old.IsTable(w.Level) || world.Shadow is not { } shadow)
            {
                return;
            }
            if (shadow.PageAt(w.Old.OutputAddress(shadow.Geometry.PageShift)) is { } child)
            {
                Unlink(shadow, child);
            }
        }

        public override void OnEvent(in Event e)
        {
            switch (e.Kind)
            {
                case EventKind.TlbiVmid:
                    foreach (var pa in _unlinked.Keys.ToList())
                    {
                        _unlinked[pa] = _unlinked[pa] with { Invalidated = true };
                    }
                    break;
                case EventKind.TlbiIpa when e.Level < 0:
                    foreach (var (pa, u) in _unlinked.ToList())
                    {
                        if (e.Ipa >= u.Start && e.Ipa < u.End)
                        {
                            _unlinked[pa] = u with { Invalidated = true };
                        }
                    }
                    break;
                case EventKind.Free:
                    var pageSize = world.Geometry.PageSize;
                    for (var k = 0UL; k < 1UL << (int)e.Old; k++)
                    {
                        var pa = e.Pa + (k * pageSize);
                        if (_unlinked.Remove(pa, out var u) && !u.Invalidated)
                        {
                            _violation ??= new Violation(claim, $"the L{u.Level} table page 0x{pa:x} for [0x{u.Start:x}, 0x{u.End:x}) was freed before an invalidation that covers its range", u.Start, "clear, then tlbi vmid or tlbi ipa any inside its range, then free", "free");
                        }
                    }
                    break;
            }
        }

        public override Violation? EndStep()
        {
            var v = _violation;
            _violation = null;
            _unlinked.Clear();
            return v;
        }

        private void Unlink(TableShadow shadow, ShadowPage page)
        {
            var geo = shadow.GeometryOf(page);
            var end = page.Start + (page.SlotSize << (geo.PageShift - 3));
            _unlinked[page.Pa] = (page.Start, end, page.Level, false);
            for (var i = page.NextNonZero(0); i >= 0; i = page.NextNonZero(i + 1))
            {
                if (shadow.LinkedChild(page, i) is { } child)
                {
                    Unlink(shadow, child);
                }
            }
        }
    }
}
