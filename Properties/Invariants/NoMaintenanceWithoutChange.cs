using Harness.Implementation;
using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.15: TLB invalidation and cache maintenance only for a change: every TLB invalidation answers a
/// valid descriptor cleared earlier in the call that it covers and that no earlier invalidation answered,
/// and every cache clean+invalidate covers exactly the output range of a valid Normal leaf the call
/// removed. Clearing an annotation or a zero entry needs neither.
/// </summary>
public sealed class NoMaintenanceWithoutChange : IInvariant
{
    public string Name => "no invalidation or cache maintenance without a change";

    public StepWatcher Watch(World w) => new Watcher(Name, w.Geometry.PageShift);

    private sealed class Watcher(string claim, int pageShift) : StepWatcher
    {
        private readonly List<(ulong Start, ulong End, int Level, bool Table)> _cleared = [];
        private readonly List<(ulong Pa, ulong Len)> _flushable = [];
        private Violation? _violation;

        public override void BeginStep(StepContext step)
        {
            _cleared.Clear();
            _flushable.Clear();
            _violation = null;
        }

        public override void OnClear(in WriteContext w)
        {
            if (w.Page is null || w.IsHyp)
            {
                return;
            }
            var table = w.Old.IsTable(w.Level);
            _cleared.Add((w.Start, w.End, w.Level, table));
            if (!table && w.Old.IsCacheable)
            {
                _flushable.Add((w.Old.OutputAddress(pageShift), w.Size));
            }
        }

        public override void OnEvent(in Event e)
        {
            switch (e.Kind)
            {
                case EventKind.TlbiVmid:
                    if (_cleared.Count == 0)
                    {
                        Fail("a VMID-wide TLB invalidation with no valid descriptor cleared before it", "tlbi vmid");
                    }
                    _cleared.Clear();
                    break;
                case EventKind.TlbiIpa:
                    var ipa = e.Ipa;
                    var hint = e.Level;
                    var i = Answered(ipa, hint);
                    if (i < 0)
                    {
                        Fail($"a TLB invalidation of 0x{ipa:x} ({(hint < 0 ? "no hint" : $"level {hint}")}) with no cleared valid descriptor it covers", hint < 0 ? $"tlbi ipa 0x{ipa:x} any" : $"tlbi ipa 0x{ipa:x} level {hint}", ipa);
                        break;
                    }
                    _cleared.RemoveAt(i);
                    break;
                case EventKind.Cmo:
                    var pa = e.Pa;
                    var len = e.Old;
                    var j = _flushable.IndexOf((pa, len));
                    if (j < 0)
                    {
                        Fail($"cache maintenance of [0x{pa:x}, 0x{pa + len:x}), which no removed valid Normal leaf mapped", $"cmo 0x{pa:x} 0x{len:x}");
                        break;
                    }
                    _flushable.RemoveAt(j);
                    break;
            }
        }

        /// <summary>The first cleared descriptor, in the order they were cleared, that the invalidation covers; -1 for none.</summary>
        private int Answered(ulong ipa, int hint)
        {
            for (var i = 0; i < _cleared.Count; i++)
            {
                var c = _cleared[i];
                if (ipa >= c.Start && ipa < c.End && (hint < 0 || (!c.Table && c.Level == hint)))
                {
                    return i;
                }
            }
            return -1;
        }

        public override Violation? EndStep()
        {
            var v = _violation;
            _violation = null;
            return v;
        }

        private void Fail(string why, string actual, ulong? page = null) =>
            _violation ??= new Violation(claim, why, page, "maintenance only after clearing a valid descriptor it covers", actual);
    }
}
