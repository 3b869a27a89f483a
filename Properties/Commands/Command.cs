using Harness.Implementation;
using Harness.Model;

namespace Harness.Properties.Commands;

/// <summary>
/// One step of a run: its arguments, when it makes sense (<see cref="Pre"/>), what it does on the
/// backend (<see cref="Run"/>), what the spec allows (<see cref="Step"/>, from the model and the table
/// before the command), where it may write (<see cref="AllowedWrites"/>), and the check of the result
/// (<see cref="Post"/>). <see cref="ToString"/> prints the trace syntax, so a shrunk run reads like a
/// program and replays as a trace.
/// </summary>
public abstract record Command
{
    /// <summary>The catalogue entry of this command's kind.</summary>
    public abstract CommandKind Kind { get; }

    /// <summary>Whether this command belongs to the world's layer; re-checked while shrinking.</summary>
    public virtual bool Pre(World w) => Kind.Layer is null || Kind.Layer == w.Layer;

    /// <summary>Runs the command on the backend.</summary>
    public abstract Errno Run(World w);

    /// <summary>What the spec allows, computed before <see cref="Run"/> from the model and the table as it is.</summary>
    public abstract Expectation Step(World w);

    /// <summary>
    /// Spec 8.16: the IPA ranges the command may write descriptors in (a slot partly inside counts);
    /// empty when it may write nothing.
    /// </summary>
    public abstract PageRange[] AllowedWrites(World w, Expectation e);

    /// <summary>
    /// Checks the result against <paramref name="e"/> and brings the model up to what the backend was
    /// allowed to do. The full state comparison is the invariants' job.
    /// </summary>
    public virtual Violation? Post(World w, Expectation e, Errno actual) => ModelSync.Apply(w, this, e, actual);
}
