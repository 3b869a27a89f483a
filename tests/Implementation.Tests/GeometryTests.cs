using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class GeometryTests
{
    // Spec 1.3 worked values: granule, ia -> start level, root pages.
    [Theory]
    [InlineData(Granule.Size4K, 32, 2, 4)]
    [InlineData(Granule.Size4K, 36, 1, 1)]
    [InlineData(Granule.Size4K, 40, 1, 2)]
    [InlineData(Granule.Size4K, 42, 1, 8)]
    [InlineData(Granule.Size4K, 43, 1, 16)]
    [InlineData(Granule.Size4K, 44, 0, 1)]
    [InlineData(Granule.Size4K, 48, 0, 1)]
    [InlineData(Granule.Size16K, 40, 2, 16)]
    [InlineData(Granule.Size16K, 48, 1, 2)]
    [InlineData(Granule.Size64K, 40, 2, 1)]
    [InlineData(Granule.Size64K, 44, 2, 4)]
    [InlineData(Granule.Size64K, 48, 1, 1)]
    [InlineData(Granule.Size64K, 52, 1, 1)]
    public void Stage2_WorkedValues_MatchSpec(Granule granule, int ia, int startLevel, int rootPages)
    {
        var geo = Geometry.Stage2(granule, ia)!.Value;
        Assert.Equal((startLevel, rootPages), (geo.StartLevel, geo.RootPages));
    }
}
