using Harness.Properties.Generators;

namespace Harness.Properties.Tests.Generation;

/// <summary>
/// The per-command randomness: SplitMix64 bit for bit (so a seed gives the same commands on every
/// machine), and the three choices the generators make, with the meaning of the FsCheck combinators
/// they replace.
/// </summary>
public sealed class DrawTests
{
    // SplitMix64's published outputs for state 0.
    [Fact]
    public void Next_IsSplitMix64()
    {
        var d = new Draw(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, d.Next());
        Assert.Equal(0x6E789E6AA1B965F4UL, d.Next());
        Assert.Equal(0x06C45D188009454FUL, d.Next());
    }

    // Gen.Choose's meaning: both ends included, nothing outside.
    [Fact]
    public void Between_CoversBothEndsOnly()
    {
        var d = new Draw(7);
        var seen = new int[6];
        for (var i = 0; i < 10_000; i++)
        {
            var v = d.Between(1, 4);
            Assert.InRange(v, 1, 4);
            seen[v]++;
        }
        Assert.All(seen[1..5], n => Assert.InRange(n, 2_300, 2_700));
    }

    // Gen.Frequency's meaning: each branch in proportion to its weight, a zero weight never.
    [Fact]
    public void Weighted_DrawsInProportion()
    {
        var d = new Draw(11);
        var seen = new int[4];
        for (var i = 0; i < 40_000; i++)
        {
            seen[d.Weighted([6, 0, 3, 1])]++;
        }
        Assert.InRange(seen[0], 23_400, 24_600);
        Assert.Equal(0, seen[1]);
        Assert.InRange(seen[2], 11_400, 12_600);
        Assert.InRange(seen[3], 3_700, 4_300);
    }

    // Gen.Elements' meaning: each item as likely.
    [Fact]
    public void OneOf_PicksEveryItem()
    {
        var d = new Draw(3);
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < 3_000; i++)
        {
            var v = d.OneOf(["a", "b", "c"]);
            seen[v] = seen.GetValueOrDefault(v) + 1;
        }
        Assert.Equal(["a", "b", "c"], seen.Keys.Order());
        Assert.All(seen.Values, n => Assert.InRange(n, 900, 1_100));
    }
}
