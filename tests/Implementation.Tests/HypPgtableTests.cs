using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class HypPgtableTests
{
    private const ulong B = 0x4000_0000_0000;

    private static KvmPgtable NewHyp(int poolPages, out PagePool pool, out Errno result)
    {
        var log = new EventLog();
        var faults = new AllocFaultInjector();
        pool = new PagePool("hyp", B, poolPages, 12, log, faults);
        var mm = new MmOps(log, faults, pool);
        return HypPgtable.Init(Geometry.HypStage1(Granule.Size4K, 48)!.Value, mm, pool, out result);
    }

    private static KvmPgtable NewHyp(out PagePool pool) => NewHyp(8, out pool, out _);

    /// <summary>kvm_pgtable_hyp_init (spec 5.8).</summary>
    public class Init
    {
        [Fact]
        public void FourK48BitVa_OneRootPageAtLevel0()
        {
            // Spec 1.4 / 5.8: one zeroed root page, start level 0.
            var hyp = NewHyp(8, out var pool, out var result);

            Assert.Equal((Errno.Ok, (ulong?)B, 0, 1, 1), (result, hyp.Root, hyp.Geometry.StartLevel, pool.UsedPages, pool.PageCount(B)));
        }

        [Fact]
        public void EmptyPool_ReturnsEnomemAndNoRoot()
        {
            // Spec 5.8: -ENOMEM when the root cannot be had.
            var hyp = NewHyp(0, out _, out var result);

            Assert.Equal((Errno.ENOMEM, (ulong?)null), (result, hyp.Root));
        }
    }

    /// <summary>hyp_set_prot_attr (spec 2.4, 5.8).</summary>
    public class AttrFromProt
    {
        [Theory]
        [InlineData(Prot.R, 0x0040_0000_0000_07C0UL)]
        [InlineData(Prot.Rw, 0x0040_0000_0000_0740UL)]
        [InlineData(Prot.R | Prot.X, 0x0000_0000_0000_07C0UL)]
        [InlineData(Prot.R | Prot.Device, 0x0040_0000_0000_07D4UL)]
        [InlineData(Prot.Rw | Prot.Device, 0x0040_0000_0000_0754UL)]
        public void AllowedProt_GivesExactAttributes(Prot prot, ulong expected)
        {
            // Spec 2.4: AttrIndx 0 (Normal) or 5 (device, v5.13), AP RW 0b01 / RO 0b11, SH 0b11, AF, XN unless X.
            Assert.Equal(Errno.Ok, HypPgtable.AttrFromProt(prot, out var attr));

            Assert.Equal(expected, attr);
        }

        [Theory]
        [InlineData(Prot.None)]
        [InlineData(Prot.W)]
        [InlineData(Prot.X)]
        [InlineData(Prot.Rwx)]
        [InlineData(Prot.R | Prot.X | Prot.Device)]
        [InlineData(Prot.R | (Prot)(1UL << 55))]
        public void RefusedProt_ReturnsEinval(Prot prot)
        {
            // Spec 5.8: R mandatory; X excludes W and DEVICE; unknown bits refused.
            Assert.Equal(Errno.EINVAL, HypPgtable.AttrFromProt(prot, out var attr));

            Assert.Equal(0UL, attr);
        }
    }

    /// <summary>kvm_pgtable_hyp_map (spec 5.8).</summary>
    public class Map
    {
        [Fact]
        public void PageRw_BuildsThreeTablesAndOnePage()
        {
            // Spec 5.8: tables at levels 1-3 are allocated; the page is RW, XN; v5.13 takes no references (rc 1).
            var hyp = NewHyp(out var pool);

            Assert.Equal(Errno.Ok, HypPgtable.Map(hyp, 0x4000_0000, 0x1000, 0x4000_0000, Prot.Rw, pool));

            Assert.Equal(
                [
                    "root 0 rc=1",
                    "  L0 0x0000000000000000 table rc=1",
                    "    L1 0x0000000040000000 table rc=1",
                    "      L2 0x0000000040000000 table rc=1",
                    "        L3 0x0000000040000000 leaf 0x0040000040000743",
                    "pool used=4",
                ],
                PgtableInspector.Dump(hyp));
            PgtableInspector.AssertConsistent(hyp, pool.UsedPages, counted: false);
        }

        [Fact]
        public void AlignedTwoMiB_WritesLevel2Block()
        {
            // Spec 1.2 / 5.8: with phys aligned a 2 MiB block fits at level 2.
            var hyp = NewHyp(out var pool);

            Assert.Equal(Errno.Ok, HypPgtable.Map(hyp, 0x4020_0000, 0x20_0000, 0x4020_0000, Prot.Rw, pool));

            Assert.Equal(Errno.Ok, Stage2GetLeaf.GetLeaf(hyp, 0x4030_0000, out var pte, out var level));
            Assert.Equal((0x0040_0000_4020_0741UL, 2, 3), (pte.Bits, level, pool.UsedPages));
        }

        [Fact]
        public void AlignedOneGiBReadExec_WritesLevel1BlockWithoutXn()
        {
            // Spec 1.2 / 2.4: 4K allows a level-1 leaf; R|X gives AP RO and no XN.
            var hyp = NewHyp(out var pool);

            Assert.Equal(Errno.Ok, HypPgtable.Map(hyp, 0x4000_0000, 0x4000_0000, 0x4000_0000, Prot.R | Prot.X, pool));

            Assert.Equal(Errno.Ok, Stage2GetLeaf.GetLeaf(hyp, 0x4000_0000, out var pte, out var level));
            Assert.Equal((0x0000_0000_4000_07C1UL, 1), (pte.Bits, level));
        }

        [Fact]
        public void VaOtherThanPa_MapsPhys()
        {
            // Spec 5.8: the hyp stage 1 is not an identity map.
            var hyp = NewHyp(out var pool);

            Assert.Equal(Errno.Ok, HypPgtable.Map(hyp, 0x1000, 0x1000, 0x8000_0000, Prot.Rw, pool));

            Assert.Equal(Errno.Ok, Stage2GetLeaf.GetLeaf(hyp, 0x1000, out var pte, out var level));
            Assert.Equal((0x0040_0000_8000_0743UL, 3), (pte.Bits, level));
        }

        [Fact]
        public void SameMappingAgain_IsToleratedWithoutWrites()
        {
            // Spec 5.8: the slot already holds exactly that value: nothing is done.
            var hyp = NewHyp(out var pool);
            HypPgtable.Map(hyp, 0x4000_0000, 0x2000, 0x4000_0000, Prot.Rw, pool);
            var mark = hyp.Log.Count;

            Assert.Equal(Errno.Ok, HypPgtable.Map(hyp, 0x4000_0000, 0x2000, 0x4000_0000, Prot.Rw, pool));

            Assert.Empty(Tables.Since(hyp.Log, mark));
        }

        [Fact]
        public void DifferentValidLeaf_WarnsAndKeepsOld()
        {
            // Spec 5.8: a different valid value is left alone with a warning; the call still succeeds.
            var hyp = NewHyp(out var pool);
            HypPgtable.Map(hyp, 0x4000_0000, 0x1000, 0x4000_0000, Prot.Rw, pool);
            var l3 = B + 0x3000;
            var mark = hyp.Log.Count;

            Assert.Equal(Errno.Ok, HypPgtable.Map(hyp, 0x4000_0000, 0x1000, 0x4000_0000, Prot.R, pool));

            Assert.Equal(
                [Ev.Warning(Tables.Slot(l3, 0), 0x4000_0000, 3, 0x0040_0000_4000_0743, 0x0040_0000_4000_07C3)],
                Tables.Since(hyp.Log, mark));
            Assert.Equal(Errno.Ok, Stage2GetLeaf.GetLeaf(hyp, 0x4000_0000, out var pte, out _));
            Assert.Equal(0x0040_0000_4000_0743UL, pte.Bits);
        }

        [Fact]
        public void PoolRunsOut_ReturnsEnomemWithTablesSoFar()
        {
            // Spec 5.8: the level-2 table cannot be had; the level-1 table stays linked.
            var hyp = NewHyp(2, out var pool, out _);

            Assert.Equal(Errno.ENOMEM, HypPgtable.Map(hyp, 0x4000_0000, 0x1000, 0x4000_0000, Prot.Rw, pool));

            Assert.Equal(["root 0 rc=1", "  L0 0x0000000000000000 table rc=1", "pool used=2"], PgtableInspector.Dump(hyp));
        }

        [Fact]
        public void BadProt_ReturnsEinvalAndChangesNothing()
        {
            // Spec 5.8: W+X is refused before the walk.
            var hyp = NewHyp(out var pool);
            var mark = hyp.Log.Count;

            Assert.Equal(Errno.EINVAL, HypPgtable.Map(hyp, 0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx, pool));

            Assert.Empty(Tables.Since(hyp.Log, mark));
        }

        [Fact]
        public void VaBeyond48Bits_ReturnsErange()
        {
            // Spec 1.5: the walk limit is 2^va_bits.
            var hyp = NewHyp(out var pool);

            Assert.Equal(Errno.ERANGE, HypPgtable.Map(hyp, 1UL << 48, 0x1000, 0x4000_0000, Prot.Rw, pool));
        }
    }
}
