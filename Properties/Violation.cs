namespace Harness.Properties;

/// <summary>
/// A broken claim: which invariant or postcondition, and why, naming the page and the expected and
/// actual values when there are some. The runner stops, shrinks and prints; nothing throws.
/// </summary>
public sealed record Violation(string Claim, string Why, ulong? Page = null, string? Expected = null, string? Actual = null)
{
    public override string ToString() =>
        $"{Claim}: {Why}" + (Page is { } p ? $" (page 0x{p:x})" : "") +
        (Expected is null ? "" : $"\n    expected: {Expected}\n    actual:   {Actual}");
}
