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

    /// <summary>kvm_granule_shift, kvm_pgtable_idx, kvm_pgd_page_idx (spec 1.1, 1.3).</summary>
    public class Levels
    {
        [Theory]
        [InlineData(Granule.Size4K, 48, 39, 30, 21, 12)]
        [InlineData(Granule.Size16K, 58, 47, 36, 25, 14)]
        [InlineData(Granule.Size64K, 68, 55, 42, 29, 16)]
        public void LevelShift_MatchesSpecTable(Granule granule, int lm1, int l0, int l1, int l2, int l3)
        {
            // Spec 1.1: shift(L) = (s-3)*(4-L) + 3, also for L = -1.
            var geo = new Geometry(granule, 48, 0);

            Assert.Equal((lm1, l0, l1, l2, l3), (geo.LevelShift(-1), geo.LevelShift(0), geo.LevelShift(1), geo.LevelShift(2), geo.LevelShift(3)));
        }

        [Fact]
        public void FourK_TableSizesAndIndexes()
        {
            // Spec 1.1: 512 entries; 0x40201000 is entry 1 at levels 1, 2 and 3.
            var geo = Geometry.Stage2(Granule.Size4K, 40)!.Value;

            Assert.Equal((512, 0x1000UL, 0x4000_0000UL), (geo.PtrsPerPte, geo.PageSize, geo.LevelSize(1)));
            Assert.Equal((1, 1, 1), (geo.Index(0x4020_1000, 1), geo.Index(0x4020_1000, 2), geo.Index(0x4020_1000, 3)));
        }

        [Fact]
        public void RootPageIndex_IsAddrShiftedByShiftOfLevelAboveStart()
        {
            // Spec 1.3: 4K ia 40 -> root page = addr >> 39; 4K ia 32 -> addr >> 30.
            var ia40 = Geometry.Stage2(Granule.Size4K, 40)!.Value;
            var ia32 = Geometry.Stage2(Granule.Size4K, 32)!.Value;

            Assert.Equal((0, 1, 3), (ia40.RootPageIndex(0x7F_FFFF_F000), ia40.RootPageIndex(0x80_0000_0000), ia32.RootPageIndex(0xC000_0000)));
            Assert.Equal(0xFF_FFFF_FFFFUL, ia40.IaMask);
        }

        [Fact]
        public void IaMaskOf64BitSpace_IsAllOnes()
        {
            // 2^64 - 1: a shift by 64 would give 1 - 1 = 0 on .NET, so the full space is special-cased.
            Assert.Equal(ulong.MaxValue, new Geometry(Granule.Size4K, 64, 0).IaMask);
        }

        [Theory]
        [InlineData(Granule.Size4K, false, true, true, true)]
        [InlineData(Granule.Size16K, false, false, true, true)]
        [InlineData(Granule.Size64K, false, false, true, true)]
        public void LevelSupportsLeaf_MatchesSpecTable(Granule granule, bool l0, bool l1, bool l2, bool l3)
        {
            // Spec 1.2: never level 0; level 1 only with 4K; levels 2 and 3 always.
            var geo = new Geometry(granule, 48, 0);

            Assert.Equal((l0, l1, l2, l3), (geo.LevelSupportsLeaf(0), geo.LevelSupportsLeaf(1), geo.LevelSupportsLeaf(2), geo.LevelSupportsLeaf(3)));
        }

        [Fact]
        public void PaBits_Are52OnlyWith64K()
        {
            // Spec 1.5: P = 52 with the 64K granule, 48 otherwise.
            Assert.Equal((48, 48, 52), (new Geometry(Granule.Size4K, 40, 1).PaBits, new Geometry(Granule.Size16K, 40, 2).PaBits, new Geometry(Granule.Size64K, 40, 2).PaBits));
        }

        [Fact]
        public void ToString_NamesGranuleIaStartLevelAndRootPages()
        {
            // Human-readable geometry.
            Assert.Equal("4K granule, 40-bit IA, start level 1, 2 root page(s)", Geometry.Stage2(Granule.Size4K, 40)!.Value.ToString());
        }
    }

    /// <summary>Geometry choice for stage 2 and hyp stage 1 (spec 1.3, 1.4).</summary>
    public class Choice
    {
        [Theory]
        [InlineData(Granule.Size4K, 31)]
        [InlineData(Granule.Size4K, 49)]
        [InlineData(Granule.Size16K, 49)]
        [InlineData(Granule.Size64K, 53)]
        public void Stage2OutOfRange_IsNull(Granule granule, int ia)
        {
            // 4K/16K: 32..48 bits; 64K: 32..52 bits.
            Assert.Null(Geometry.Stage2(granule, ia));
        }

        [Theory]
        [InlineData(Granule.Size4K, 48, 0)]
        [InlineData(Granule.Size4K, 39, 1)]
        [InlineData(Granule.Size4K, 32, 1)]
        [InlineData(Granule.Size16K, 48, 0)]
        [InlineData(Granule.Size64K, 48, 1)]
        [InlineData(Granule.Size64K, 52, 1)]
        public void HypStage1_OneRootPageNoMinimumLevels(Granule granule, int va, int startLevel)
        {
            // Spec 1.4: levels = floor((va - 4) / (s - 3)), SL = 4 - levels, one root page.
            var geo = Geometry.HypStage1(granule, va)!.Value;

            Assert.Equal((startLevel, 1), (geo.StartLevel, geo.RootPages));
        }

        [Fact]
        public void HypStage1OutOfRange_IsNull()
        {
            // Same bounds as stage 2.
            Assert.Equal((null, (Geometry?)null), (Geometry.HypStage1(Granule.Size4K, 31), Geometry.HypStage1(Granule.Size4K, 52)));
        }
    }
}
