using Harness.Implementation;
using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>
/// The event-order half of a claim (break-before-make, invalidation before free, ...): it follows one
/// world's events in program order as they happen and keeps only the state it needs, so a command that
/// writes millions of descriptors costs no memory for its log. One watcher per world.
/// </summary>
public interface IStepWatcher
{
    void BeginStep(StepContext step);

    /// <summary>A descriptor write, placed in the tree by the shadow (which has not applied it yet only for <see cref="WriteContext.Old"/>).</summary>
    void OnWrite(in WriteContext write);

    /// <summary>Any other event.</summary>
    void OnEvent(in Event e);

    /// <summary>The first violation of the step, once the command has returned.</summary>
    Violation? EndStep();
}
