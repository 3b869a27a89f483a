using System.Runtime.CompilerServices;
using Harness.Implementation;
using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.13 and 8.14: a valid descriptor is never overwritten by another non-zero value directly; once
/// cleared, its slot is not written again before a TLB invalidation covering it; and every translation
/// cleared during the call is invalidated before the call returns: VMID-wide, or at an IPA inside it with
/// no level hint, or (a leaf) with its own level as the hint. A cleared table also takes its valid leaves
/// out of reach, and each of them must be invalidated in turn: one IPA inside the table is not enough.
/// </summary>
public sealed class BreakBeforeMake : IInvariant
{
    public string Name => "break-before-make";

    public StepWatcher Watch(World w) => new Watcher(Name, w);

    /// <summary>A cleared translation awaiting its invalidation; reused from step to step (<see cref="Watcher"/> keeps spares).</summary>
    private sealed class Pending
    {
        public ulong Slot { get; private set; }
        public ulong Start { get; private set; }
        public ulong End { get; private set; }
        public int Level { get; private set; }
        public bool Table { get; private set; }
        public Descriptor Old { get; private set; }

        /// <summary>What the slot was written with before the invalidation came, if it was.</summary>
        public ulong? RemadeWith { get; set; }

        public Pending Set(ulong slot, ulong start, ulong end, int level, bool table, Descriptor old)
        {
            (Slot, Start, End, Level, Table, Old, RemadeWith) = (slot, start, end, level, table, old, null);
            return this;
        }

        public bool CoveredBy(ulong ipa, int hint) => ipa >= Start && ipa < End && (hint < 0 || (!Table && hint == Level));
    }

    private sealed class Watcher(string claim, World world) : StepWatcher
    {
        private readonly List<Pending> _pending = [];

        /// <summary>The pending clear of each slot not yet written again: at most one per slot.</summary>
        private readonly Dictionary<ulong, Pending> _awaitingRemake = [];
        private readonly List<LeafView> _detached = [];

        /// <summary>Pendings answered or forgotten, for the next clear: a clear per unmapped page would otherwise be an object each.</summary>
        private readonly Stack<Pending> _spare = new();
        private Violation? _violation;

        public override void BeginStep(StepContext step)
        {
            Forget();
            _violation = null;
        }

        public override void OnWrite(in WriteContext w)
        {
            // The hypervisor's stage 1 (donate-maps-hyp) is v5.13's hyp map, which overwrites a block it maps
            // inside with a table and no break (spec 5.8); the claim is the stage-2 table's.
            if (w.Page is null || w.IsHyp)
            {
                return;
            }
            if (w.Old.IsValid && w.New.Bits != 0 && w.New != w.Old)
            {
                OverwrittenWithoutBreak(w);
            }
            if (w.New.Bits != 0 && _awaitingRemake.Count > 0 && _awaitingRemake.Remove(w.SlotPa, out var remade))
            {
                remade.RemadeWith = w.New.Bits;
            }
        }

        /// <summary>Out of the way of <see cref="OnWrite"/>, which runs for every write: its message would cost every call stack space.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void OverwrittenWithoutBreak(in WriteContext w) =>
            Fail(new Violation(claim, $"valid {FieldText.Describe(w.Old, w.Level)} at L{w.Level} overwritten directly, without a break", w.Start, "a write of 0 and a TLB invalidation first", $"0x{w.New.Bits:x16}"));

        public override void OnClear(in WriteContext w)
        {
            if (w.Page is null || w.IsHyp)
            {
                return;
            }
            var table = w.Old.IsTable(w.Level);
            Add(w.SlotPa, w.Start, w.End, w.Level, table, w.Old);
            if (table && world.Shadow is { } shadow && shadow.PageAt(w.Old.OutputAddress(shadow.Geometry.PageShift)) is { } child)
            {
                // The detached subtree's valid leaves are out of reach now: each needs invalidating (spec 8.14).
                _detached.Clear();
                CollectDetached(shadow, child, _detached);
                foreach (var l in _detached)
                {
                    if (l.Pte.IsValid)
                    {
                        Add(l.SlotPa, l.Start, l.End, l.Level, false, l.Pte);
                    }
                }
            }
        }

        public override void OnEvent(in Event e)
        {
            if (e.Kind == EventKind.TlbiVmid)
            {
                foreach (var p in _pending)
                {
                    Late(p, "tlbi vmid");
                }
                Forget();
                return;
            }
            if (e.Kind != EventKind.TlbiIpa)
            {
                return;
            }
            var ipa = e.Ipa;
            var hint = e.Level;
            var kept = 0;
            for (var i = 0; i < _pending.Count; i++)
            {
                var p = _pending[i];
                if (!p.CoveredBy(ipa, hint))
                {
                    _pending[kept++] = p;
                    continue;
                }
                if (p.RemadeWith is not null)
                {
                    Late(p, hint < 0 ? $"tlbi ipa 0x{ipa:x} any" : $"tlbi ipa 0x{ipa:x} level {hint}");
                }
                if (_awaitingRemake.TryGetValue(p.Slot, out var awaiting) && awaiting == p)
                {
                    _awaitingRemake.Remove(p.Slot);
                }
                _spare.Push(p);
            }
            _pending.RemoveRange(kept, _pending.Count - kept);
        }

        private void Add(ulong slot, ulong start, ulong end, int level, bool table, Descriptor old)
        {
            var p = (_spare.TryPop(out var spare) ? spare : new Pending()).Set(slot, start, end, level, table, old);
            _pending.Add(p);
            _awaitingRemake[slot] = p;
        }

        /// <summary>Drops every pending clear, keeping the objects for reuse.</summary>
        private void Forget()
        {
            foreach (var p in _pending)
            {
                _spare.Push(p);
            }
            _pending.Clear();
            _awaitingRemake.Clear();
        }

        public override Violation? EndStep()
        {
            if (_violation is null && _pending.Count > 0)
            {
                var p = _pending[0];
                var what = p.Table ? $"table descriptor {p.Old} at L{p.Level}" : $"valid {FieldText.Describe(p.Old, p.Level)} at L{p.Level}";
                var need = p.Table ? "tlbi vmid, or tlbi ipa (no level hint) inside it" : $"tlbi vmid, or tlbi ipa inside it with no hint or level {p.Level}";
                _violation = new Violation(claim, $"{what} for [0x{p.Start:x}, 0x{p.End:x}) was cleared and never invalidated" + (p.RemadeWith is { } r ? $"; its slot was remade with 0x{r:x16}" : ""), p.Start, need, "none");
            }
            var v = _violation;
            Forget();
            _violation = null;
            return v;
        }

        /// <summary>An invalidation that covers a cleared slot after the slot was written again came too late.</summary>
        private void Late(Pending p, string tlbi)
        {
            if (p.RemadeWith is { } remade)
            {
                Fail(new Violation(claim, $"the invalidation of {FieldText.Describe(p.Old, p.Level)} at L{p.Level} came late: '{tlbi}' was issued after its slot was remade with 0x{remade:x16}", p.Start, "the invalidation before the new value is written", "after it"));
            }
        }

        private void Fail(Violation v) => _violation ??= v;

        private static void CollectDetached(TableShadow shadow, ShadowPage page, List<LeafView> into)
        {
            for (var i = page.NextNonZero(0); i >= 0; i = page.NextNonZero(i + 1))
            {
                if (!new Descriptor(page.Entries[i]).IsTable(page.Level))
                {
                    into.Add(page.LeafAt(i));
                }
                else if (shadow.LinkedChild(page, i) is { } child)
                {
                    CollectDetached(shadow, child, into);
                }
            }
        }
    }
}
