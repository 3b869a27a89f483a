namespace Harness.Model;

/// <summary>
/// What the spec allows one operation to do, for the harness to hold the Implementation to:
/// <list type="bullet">
/// <item>with <see cref="Result"/>, every page of <see cref="Range"/> becomes <see cref="NewState"/>;</item>
/// <item>with a result in <see cref="PartialResults"/>, an address-ordered prefix of that change is
/// applied and the rest of <see cref="Range"/> is untouched (spec 8.21);</item>
/// <item>whatever the result, a mapped host page inside <see cref="MayUnmap"/> but outside
/// <see cref="Range"/> may lose its mapping, because the kernel removes or splits a block the range only
/// partly covers and lets the host fault the rest back (spec 5.3.3, 5.5). Nothing else changes.</item>
/// </list>
/// </summary>
public sealed record Expectation(Result Result, PageRange Range, PageState NewState, Result[] PartialResults, PageRange MayUnmap)
{
    /// <summary>A refusal: this result, and no page changes.</summary>
    public static Expectation Refused(Result result) => new(result, PageRange.Empty, default, [], PageRange.Empty);

    public bool Allows(Result actual) => actual == Result || Array.IndexOf(PartialResults, actual) >= 0;
}
