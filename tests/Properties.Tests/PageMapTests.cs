using Harness.Model;

namespace Harness.Properties.Tests;

/// <summary>The model's run-length page map: what the host model asks of it before a donation or a fault.</summary>
public sealed class PageMapTests
{
    private static PageMap<PageState> OwnedInTheMiddle()
    {
        var map = new PageMap<PageState>();
        map.Set(0x3000, 0x5000, PageState.OwnedBy(2));
        return map;
    }

    [Theory]
    [InlineData(0x0000, 0x3000, false)] // ends where the guest's run starts
    [InlineData(0x2000, 0x4000, true)] // reaches into it
    [InlineData(0x4000, 0x4001, true)] // starts inside it
    [InlineData(0x5000, 0x9000, false)] // starts where it ends
    [InlineData(0x0000, 0x9000, true)] // covers it
    public void AnyFindsAValueOnlyInsideTheRange(ulong start, ulong end, bool expected) =>
        Assert.Equal(expected, OwnedInTheMiddle().Any(start, end, page => page.Owner == 2));

    [Fact]
    public void AnyAgreesWithTheRunsOverEveryRange()
    {
        var map = OwnedInTheMiddle();
        map.Set(0x7000, 0x8000, PageState.OwnedBy(1));
        for (ulong start = 0; start < 0xa000; start += 0x1000)
        {
            for (var end = start + 0x1000; end <= 0xa000; end += 0x1000)
            {
                Assert.Equal(map.Runs(start, end).Any(run => run.Value.Owner != 0), map.Any(start, end, page => page.Owner != 0));
            }
        }
    }
}
