using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>
/// One claim of spec section 8, in the style of Hypothesis's <c>@invariant()</c>; the class name is the
/// claim. A state claim checks a <see cref="Scope"/>: what the last command touched after each step, the
/// whole table in a sweep; the claim is the same, only the scope differs. An event-order claim returns a
/// <see cref="StepWatcher"/> instead. A broken claim returns a <see cref="Violation"/>; it never throws.
/// </summary>
public interface IInvariant
{
    /// <summary>The claim, as a report prints it.</summary>
    string Name { get; }

    /// <summary>Whether the claim applies to a world of this layer and configuration.</summary>
    bool AppliesTo(World w) => true;

    /// <summary>The first counterexample to the claim within <paramref name="scope"/>, or null.</summary>
    Violation? Check(World w, Scope scope) => null;

    /// <summary>A watcher following the world's events, for claims about their order; null for state claims.</summary>
    StepWatcher? Watch(World w) => null;
}
