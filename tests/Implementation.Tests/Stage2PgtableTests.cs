using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class Stage2PgtableTests
{
    private static readonly ulong Root0 = Tables.PoolPage(0);
    private static readonly ulong Root1 = Tables.PoolPage(1);
    private static readonly ulong P2 = Tables.PoolPage(2);

    /// <summary>kvm_pgtable_stage2_init_flags (spec 5.1, 3.3).</summary>
    public class Init
    {
        [Fact]
        public void FourK40Bit_TwoRootPagesEachAtRefcount1()
        {
            // Spec 1.3 / 3.3 [v5.15 fix]: two concatenated root pages, every one at rc 1.
            var sys = Tables.New();

            Assert.Equal((Errno.Ok, (ulong?)Root0, Root1), (sys.InitResult, sys.Pgt.Root, sys.Pgt.RootPage(1)));
            Assert.Equal(["root 0 rc=1", "root 1 rc=1", "pool used=2"], PgtableInspector.Dump(sys.Pgt));
        }

        [Fact]
        public void DirectInit_RecordsGeometryFlagsAndBugs()
        {
            // Spec 5.1: init records ia, SL, ops and flags; the root comes from the given pool.
            var log = new EventLog();
            var faults = new AllocFaultInjector();
            var pool = new PagePool("root", Tables.PoolBase, 4, 14, log, faults);
            var geo = Geometry.Stage2(Granule.Size16K, 48)!.Value;

            var pgt = Stage2Pgtable.Init(geo, new MmOps(log, faults, pool), pool, Stage2Flags.NoFwb, Bug.WalkEndOffByOne, Fix.PoolMaxOrder, out var result);

            Assert.Equal((Errno.Ok, (ulong?)Tables.PoolBase, Tables.PoolBase + 0x4000), (result, pgt.Root, pgt.RootPage(1)));
            Assert.Equal((geo, Stage2Flags.NoFwb, Bug.WalkEndOffByOne, Fix.PoolMaxOrder, true), (pgt.Geometry, pgt.Flags, pgt.Bugs, pgt.Fixes, pgt.IsStage2));
            Assert.Equal((true, false, true, false), (pgt.Has(Bug.WalkEndOffByOne), pgt.Has(Bug.RootTailRefcount), pgt.Has(Fix.PoolMaxOrder), pgt.Has(Fix.PageSizedAnnotations)));
            Assert.Equal([Ev.Alloc(Tables.PoolBase, 1)], log.Since(0).ToArray());
        }

        [Fact]
        public void FourK43Bit_SixteenRootPagesEachAtRefcount1()
        {
            // Spec 1.3: 4K, ia 43 is the largest concatenation, 16 pages.
            var sys = Tables.New(ia: 43, poolPages: 32);

            Assert.Equal(16, sys.Pool.UsedPages);
            for (var i = 0; i < 16; i++)
            {
                Assert.Equal(1, sys.Pool.PageCount(sys.Pgt.RootPage(i)));
            }
        }

        [Fact]
        public void PoolTooSmallForRoot_ReturnsEnomemAndEveryWalkEinval()
        {
            // Trace-format 1 / spec 1.5: a table without a root answers -EINVAL to every command.
            var sys = Tables.New(poolPages: 1);

            Assert.Equal((Errno.ENOMEM, (ulong?)null), (sys.InitResult, sys.Pgt.Root));
            Assert.Equal(Errno.EINVAL, sys.Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx));
            Assert.Equal(Errno.EINVAL, sys.Unmap(0x4000_0000, 0x1000));
            Assert.Equal(Errno.EINVAL, sys.SetOwner(0x4000_0000, 0x1000, OwnerId.Hyp));
            Assert.Equal(Errno.EINVAL, sys.GetLeaf(0x4000_0000, out _, out _));
            Assert.Equal(0, sys.Pool.UsedPages);
        }

        [Fact]
        public void RootTailRefcountBug_TailPageStartsAtZero()
        {
            // Spec 3.3: the v5.13 host root, one high-order block with a count on its head only.
            var sys = Tables.New(bugs: Bug.RootTailRefcount);

            Assert.Equal((1, 0), (sys.Pool.PageCount(Root0), sys.Pool.PageCount(Root1)));
        }

        [Fact]
        public void TableDescriptor_ReadAndFollowedThroughPgtable()
        {
            // Spec 2.2: the descriptor in R0[1] names the level-2 table page.
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x20_0000, 0x4000_0000, Prot.Rwx);
            var slot = new PtePtr(Root0, 1);

            var pte = sys.Pgt.Read(slot);

            Assert.Equal((new Pte(Tables.TableDesc(P2)), P2, Root0 + 8), (pte, sys.Pgt.Follow(pte), slot.Pa));
            Assert.Equal("0x400000000000[1]", slot.ToString());
        }
    }

    /// <summary>kvm_pgtable_stage2_destroy (spec 5.7).</summary>
    public class Destroy
    {
        [Fact]
        public void TableWithOneBlock_PutsEntriesThenFreesRoot()
        {
            // Spec 5.7: put per counted slot, the child with its table slot, then the root pages freed exactly.
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x20_0000, 0x4000_0000, Prot.Rwx);
            var mark = sys.Log.Count;

            sys.Destroy();

            Assert.Equal(
                [
                    Ev.Put(P2, 2),
                    Ev.Put(Root0, 2),
                    Ev.Put(P2, 1),
                    Ev.Free(P2),
                    Ev.Free(Root0),
                    Ev.Free(Root1),
                ],
                Tables.Since(sys.Log, mark));
            Assert.Equal((0, (ulong?)null), (sys.Pool.UsedPages, sys.Pgt.Root));
        }

        [Fact]
        public void MappingsAndAnnotations_ReturnEveryPage()
        {
            // Spec 5.7 / 8.4: after destroy every table page is back in the pool.
            var sys = Tables.New();
            sys.Map(0x3FFF_F000, 0x4020_2000, 0x3FFF_F000, Prot.Rwx);
            sys.SetOwner(0x8_0000_0000, 0x2000, OwnerId.Hyp);
            sys.SetOwner(0xFF_FFFF_F000, 0x1000, OwnerId.Hyp);

            sys.Destroy();

            Assert.Equal(0, sys.Pool.UsedPages);
            PgtableInspector.AssertNoMemoryErrors(sys.Log);
        }

        [Fact]
        public void ConcatenatedRootWithLeaves_ReturnsEveryPage()
        {
            // Spec 5.7: leaves held directly by root pages are put, then the 4 root pages freed.
            var sys = Tables.New(ia: 32, poolPages: 8);
            sys.Map(0x3FE0_0000, 0x40_0000, 0x3FE0_0000, Prot.Rwx);
            sys.Map(0xC000_1000, 0x1000, 0xC000_1000, Prot.Rwx);

            sys.Destroy();

            Assert.Equal(0, sys.Pool.UsedPages);
            PgtableInspector.AssertNoMemoryErrors(sys.Log);
        }

        [Fact]
        public void Twice_SecondDoesNothingAndLaterCallsEinval()
        {
            // Spec 5.7: destroy forgets the root; a later walk has no root (spec 1.5).
            var sys = Tables.New();
            sys.Destroy();
            var mark = sys.Log.Count;

            sys.Destroy();

            Assert.Empty(Tables.Since(sys.Log, mark));
            Assert.Equal(Errno.EINVAL, sys.Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx));
        }
    }
}
