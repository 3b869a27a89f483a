namespace Harness.Model;

/// <summary>
/// What the spec allows one operation to do, for the harness to hold the Implementation to:
/// <list type="bullet">
/// <item>with <see cref="Result"/>, every page of <see cref="Range"/> becomes <see cref="NewState"/>;</item>
/// <item>with a result in <see cref="PartialResults"/>, an address-ordered prefix of that change is
/// applied and the rest of <see cref="Range"/> is untouched (spec 8.21);</item>
/// <item>a mapped host page inside one of <see cref="MayUnmap"/> may lose its mapping whatever the result:
/// the pages of a block the range only partly covers, which the kernel splits or removes whole and lets
/// the host fault back (spec 5.3.3, 5.5);</item>
/// <item>after a partial result, so may the pages of the block of <see cref="MayUnmapIfStoppedInside"/>
/// holding the first page not changed: a split that then failed one level down has dropped it.</item>
/// </list>
/// Nothing else changes.
/// </summary>
public sealed record Expectation(Result Result, PageRange Range, PageState NewState, Result[] PartialResults)
{
    public PageRange[] MayUnmap { get; init; } = [];

    public PageRange[] MayUnmapIfStoppedInside { get; init; } = [];

    /// <summary>A refusal: this result, and no page changes.</summary>
    public static Expectation Refused(Result result) => new(result, PageRange.Empty, default, []);

    public bool Allows(Result actual) => actual == Result || Array.IndexOf(PartialResults, actual) >= 0;
}
