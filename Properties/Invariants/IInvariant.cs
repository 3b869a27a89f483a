namespace Harness.Properties.Invariants;

/// <summary>
/// One claim checked after every command (spec 8), in the style of Hypothesis's <c>@invariant()</c>.
/// The class name is the claim. A broken claim returns a <see cref="Violation"/>; it never throws.
/// </summary>
public interface IInvariant
{
    /// <summary>The claim, as a report prints it.</summary>
    string Name { get; }

    /// <summary>Whether the claim applies to a world of this layer.</summary>
    bool AppliesTo(World w) => true;

    /// <summary>The first counterexample to the claim in <paramref name="w"/>, or null.</summary>
    Violation? Check(World w);
}
