using Harness.Implementation;

namespace Harness.Properties;

/// <summary>The trace format's names of the <c>fix</c> items: <c>page-sized-annotations</c>, <c>pool-max-order</c>, ...</summary>
public static class FixText
{
    /// <summary>Every fix with its trace name, in the order the format lists them (and traces print them).</summary>
    public static IReadOnlyList<(Fix Fix, string Name)> All { get; } =
    [
        (Fix.PageSizedAnnotations, "page-sized-annotations"),
        (Fix.PoolMaxOrder, "pool-max-order"),
        (Fix.DonateChecksOwner, "donate-checks-owner"),
        (Fix.DonateMapsHyp, "donate-maps-hyp"),
    ];

    /// <summary>The names of the fixes in <paramref name="fixes"/>, in format order.</summary>
    public static IEnumerable<string> Names(Fix fixes) => All.Where(f => (fixes & f.Fix) != 0).Select(f => f.Name);

    public static string Format(Fix fixes) => string.Join(", ", Names(fixes));

    public static bool TryParse(string name, out Fix fix)
    {
        foreach (var (f, n) in All)
        {
            if (n == name)
            {
                fix = f;
                return true;
            }
        }
        fix = Fix.None;
        return false;
    }
}
