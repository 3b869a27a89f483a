using System.Collections.Concurrent;
using Harness.Implementation;
using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>
/// The event-order half of a claim (break-before-make, invalidation before free, ...): it follows one
/// world's events in program order as they happen and keeps only the state it needs, so a command that
/// writes millions of descriptors costs no memory for its log. One watcher per world.
/// </summary>
/// <remarks>
/// A class, not an interface: every descriptor write goes to every watcher, and a virtual call through a
/// class costs a fraction of an interface call at a site that sees several watcher types.
/// </remarks>
public abstract class StepWatcher
{
    public virtual void BeginStep(StepContext step)
    {
    }

    /// <summary>A descriptor write, placed in the tree by the shadow (which has not applied it yet only for <see cref="WriteContext.Old"/>).</summary>
    public virtual void OnWrite(in WriteContext write)
    {
    }

    /// <summary>
    /// A write that cleared a valid descriptor (<see cref="WriteContext.ClearsValid"/>), after
    /// <see cref="OnWrite"/> has seen it: what the maintenance claims follow. A watcher that needs no other
    /// write overrides only this, and the world skips it for every other write.
    /// </summary>
    public virtual void OnClear(in WriteContext write)
    {
    }

    /// <summary>
    /// Any other event but the reference-count moves (get and put): they come with nearly every write,
    /// the shadow checks them, and no claim's order depends on them.
    /// </summary>
    public virtual void OnEvent(in Event e)
    {
    }

    /// <summary>The first violation of the step, once the command has returned.</summary>
    public virtual Violation? EndStep() => null;

    private static readonly ConcurrentDictionary<Type, bool> FollowsWrites = new();

    /// <summary>Whether this watcher's type overrides <see cref="OnWrite"/>: the world calls it for every write only then.</summary>
    public bool WantsEveryWrite => FollowsWrites.GetOrAdd(GetType(), static t => t.GetMethod(nameof(OnWrite))!.DeclaringType != typeof(StepWatcher));
}
