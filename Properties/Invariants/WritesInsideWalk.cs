using System.Runtime.CompilerServices;
using Harness.Implementation;
using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.16: a command writes only slots overlapping the range it walks (a slot partly inside is written
/// whole); every slot wholly outside stays untouched. The walk is the command's, rounded as spec 4.1
/// says; a fault writes inside the block it maps, plus, when MMIO tables are recycled, the MMIO gaps.
/// </summary>
public sealed class WritesInsideWalk : IInvariant
{
    public string Name => "nothing outside the walk is written";

    public StepWatcher Watch(World w) => new Watcher(Name);

    private sealed class Watcher(string claim) : StepWatcher
    {
        private StepContext? _step;
        private Violation? _violation;

        /// <summary>The allowed range the last write fell in.</summary>
        private int _lastAllowed;

        public override void BeginStep(StepContext step)
        {
            _step = step;
            _violation = null;
            _lastAllowed = 0;
        }

        public override void OnWrite(in WriteContext w)
        {
            if (_violation is not null || w.Page is null || _step is null)
            {
                return;
            }
            var allowedWrites = _step.AllowedWrites;
            // A walk writes in address order: the range the last write fell in most often holds the next.
            if ((uint)_lastAllowed < (uint)allowedWrites.Length && w.Start < allowedWrites[_lastAllowed].End && allowedWrites[_lastAllowed].Start < w.End)
            {
                return;
            }
            for (var i = 0; i < allowedWrites.Length; i++)
            {
                if (w.Start < allowedWrites[i].End && allowedWrites[i].Start < w.End)
                {
                    _lastAllowed = i;
                    return;
                }
            }
            _violation = Outside(_step, w);
        }

        /// <summary>Out of the way of <see cref="OnWrite"/>, which runs for every write: its message would cost every call stack space.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private Violation Outside(StepContext step, in WriteContext w)
        {
            var allowed = step.AllowedWrites.Length == 0 ? "none" : string.Join(", ", step.AllowedWrites);
            return new Violation(claim, $"{step.Command} wrote the L{w.Level} slot for [0x{w.Start:x}, 0x{w.End:x}){(w.IsHyp ? " of the hypervisor's stage 1" : "")}, wholly outside what it walks ({allowed})", w.Start, "untouched", $"{w.Old} -> {w.New}");
        }

        public override void OnEvent(in Event e)
        {
        }

        public override Violation? EndStep()
        {
            var v = _violation;
            _violation = null;
            return v;
        }
    }
}
