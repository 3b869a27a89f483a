using Harness.Implementation;
using Harness.Model;

namespace Harness.Properties.Commands;

/// <summary>
/// One step of a run: its arguments, when it makes sense (<see cref="Pre"/>), what it does to the
/// Implementation (<see cref="Run"/>), what the model allows (<see cref="Step"/>), and the check of the
/// two (<see cref="Post"/>). <see cref="ToString"/> prints the trace syntax, so a shrunk run reads like
/// a program and replays as a trace.
/// </summary>
public abstract record Command
{
    /// <summary>Whether this command belongs to the world's layer; re-checked while shrinking.</summary>
    public virtual bool Pre(World w) => true;

    /// <summary>Runs the command on the Implementation.</summary>
    public abstract Errno Run(World w);

    /// <summary>What the model allows, computed before <see cref="Run"/>.</summary>
    public abstract Expectation Step(World w);

    /// <summary>
    /// Checks the result against <paramref name="e"/> and brings the model up to what the Implementation
    /// was allowed to do (a prefix for partial results, dropped mappings near the range). The full
    /// state comparison is the invariants' job.
    /// </summary>
    public virtual Violation? Post(World w, Expectation e, Errno actual) => ModelSync.Apply(w, this, e, actual);
}
