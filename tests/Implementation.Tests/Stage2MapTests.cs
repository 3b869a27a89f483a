using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class Stage2MapTests
{
    private static readonly ulong Root0 = Tables.PoolPage(0);
    private static readonly ulong P2 = Tables.PoolPage(2);
    private static readonly ulong P3 = Tables.PoolPage(3);

    /// <summary>kvm_pgtable_stage2_map (spec 5.3).</summary>
    public class Map
    {
        [Fact]
        public void AlignedTwoMiB_InstallsOneLevel2Block()
        {
            // Trace-format 3: 4K, ia 40; a 2 MiB aligned map is one level-2 block under a new level-1 table.
            var sys = Tables.New();
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Map(0x4000_0000, 0x20_0000, 0x4000_0000, Prot.Rwx));

            Assert.Equal(
                [
                    "root 0 rc=2",
                    "  L1 0x0000000040000000 table rc=2",
                    "    L2 0x0000000040000000 leaf 0x00000000400007fd",
                    "root 1 rc=1",
                    "pool used=3",
                ],
                PgtableInspector.Dump(sys.Pgt));
            Assert.Equal(
                [
                    Ev.Alloc(P2),
                    Ev.Write(Tables.Slot(Root0, 1), 0x4000_0000, 1, 0, Tables.TableDesc(P2)),
                    Ev.Get(Root0, 1),
                    Ev.Write(Tables.Slot(P2, 0), 0x4000_0000, 2, 0, 0x4000_07FD),
                    Ev.Get(P2, 1),
                ],
                Tables.Since(sys.Log, mark));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void FourKiBInsideBlock_SplitsBlockAndZeroesRest()
        {
            // Spec 5.3.3: the block is put (0, TLBI at level 2), a table installed, only the new page mapped.
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x20_0000, 0x4000_0000, Prot.Rwx);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Map(0x4000_1000, 0x1000, 0x4000_1000, Prot.Rwx));

            Assert.Equal(
                [
                    "root 0 rc=2",
                    "  L1 0x0000000040000000 table rc=2",
                    "    L2 0x0000000040000000 table rc=2",
                    "      L3 0x0000000040001000 leaf 0x00000000400017ff",
                    "root 1 rc=1",
                    "pool used=4",
                ],
                PgtableInspector.Dump(sys.Pgt));
            Assert.Equal(
                [
                    Ev.Alloc(P3),
                    Ev.Write(Tables.Slot(P2, 0), 0x4000_0000, 2, 0x4000_07FD, 0),
                    Ev.Tlbi(0x4000_1000, 2),
                    Ev.Put(P2, 2),
                    Ev.Write(Tables.Slot(P2, 0), 0x4000_0000, 2, 0, Tables.TableDesc(P3)),
                    Ev.Get(P2, 1),
                    Ev.Write(Tables.Slot(P3, 1), 0x4000_1000, 3, 0, 0x4000_17FF),
                    Ev.Get(P3, 1),
                ],
                Tables.Since(sys.Log, mark));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void SameMappingAgain_ReturnsEagainAndWritesNothing()
        {
            // Spec 5.3.1 step 2: an identical valid leaf is left alone and the walk ends with -EAGAIN.
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x20_0000, 0x4000_0000, Prot.Rwx);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.EAGAIN, sys.Map(0x4000_0000, 0x20_0000, 0x4000_0000, Prot.Rwx));

            Assert.Empty(Tables.Since(sys.Log, mark));
        }

        [Fact]
        public void OnlyPermissionsDiffer_StopsMidwayWithEagain()
        {
            // Spec 5.3.4 / 8.17: pages before the RW page are mapped, the RW page is kept, later pages untouched.
            var sys = Tables.New();
            sys.Map(0x4000_1000, 0x1000, 0x4000_1000, Prot.Rw);

            Assert.Equal(Errno.EAGAIN, sys.Map(0x4000_0000, 0x3000, 0x4000_0000, Prot.Rwx));

            Assert.Equal(
                [
                    "root 0 rc=2",
                    "  L1 0x0000000040000000 table rc=2",
                    "    L2 0x0000000040000000 table rc=3",
                    "      L3 0x0000000040000000 leaf 0x00000000400007ff",
                    "      L3 0x0000000040001000 leaf 0x00400000400017ff",
                    "root 1 rc=1",
                    "pool used=4",
                ],
                PgtableInspector.Dump(sys.Pgt));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void OtherOutputAddress_BreaksBeforeMake()
        {
            // Spec 5.3.1 / 8.13 (non-IDMAP table): write 0, TLBI at the leaf's level, put, then the new leaf, get.
            var sys = Tables.New(flags: Stage2Flags.NoFwb);
            sys.Map(0x4000_0000, 0x1000, 0x8000_0000, Prot.Rwx);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Map(0x4000_0000, 0x1000, 0x9000_0000, Prot.Rwx));

            Assert.Equal(
                [
                    Ev.Write(Tables.Slot(P3, 0), 0x4000_0000, 3, 0x8000_07FF, 0),
                    Ev.Tlbi(0x4000_0000, 3),
                    Ev.Put(P3, 2),
                    Ev.Write(Tables.Slot(P3, 0), 0x4000_0000, 3, 0, 0x9000_07FF),
                    Ev.Get(P3, 1),
                ],
                Tables.Since(sys.Log, mark));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void TableWhereBlockFits_AnchorReplacesTableAndFreesSubtree()
        {
            // Spec 5.3.2: detach (0 + VMID-wide TLBI), put the old leaves, write the block, free the old table.
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x2000, 0x4000_0000, Prot.Rwx);
            Assert.Equal(4, sys.Pool.UsedPages);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Map(0x4000_0000, 0x20_0000, 0x4000_0000, Prot.Rwx));

            Assert.Equal(
                [
                    Ev.Write(Tables.Slot(P2, 0), 0x4000_0000, 2, Tables.TableDesc(P3), 0),
                    Ev.TlbiVmid(),
                    Ev.Put(P3, 3),
                    Ev.Put(P3, 2),
                    Ev.Write(Tables.Slot(P2, 0), 0x4000_0000, 2, 0, 0x4000_07FD),
                    Ev.Get(P2, 2),
                    Ev.Put(P3, 1),
                    Ev.Free(P3),
                    Ev.Put(P2, 3),
                ],
                Tables.Since(sys.Log, mark));
            Assert.Equal(
                [
                    "root 0 rc=2",
                    "  L1 0x0000000040000000 table rc=2",
                    "    L2 0x0000000040000000 leaf 0x00000000400007fd",
                    "root 1 rc=1",
                    "pool used=3",
                ],
                PgtableInspector.Dump(sys.Pgt));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void TwoLevelSubtree_AnchorFreesEveryNestedTable()
        {
            // Spec 5.3.2: a 1 GiB block replaces a level-2 table holding two level-3 tables and a block.
            var sys = Tables.New();
            var p4 = Tables.PoolPage(4);
            sys.Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx);
            sys.Map(0x4020_0000, 0x1000, 0x4020_0000, Prot.Rwx);
            sys.Map(0x4040_0000, 0x20_0000, 0x4040_0000, Prot.Rwx);
            Assert.Equal(5, sys.Pool.UsedPages);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Map(0x4000_0000, 0x4000_0000, 0x4000_0000, Prot.Rwx));

            Assert.Equal(
                [
                    Ev.Write(Tables.Slot(Root0, 1), 0x4000_0000, 1, Tables.TableDesc(P2), 0),
                    Ev.TlbiVmid(),
                    Ev.Put(P3, 2),
                    Ev.Put(P3, 1),
                    Ev.Free(P3),
                    Ev.Put(P2, 4),
                    Ev.Put(p4, 2),
                    Ev.Put(p4, 1),
                    Ev.Free(p4),
                    Ev.Put(P2, 3),
                    Ev.Put(P2, 2),
                    Ev.Write(Tables.Slot(Root0, 1), 0x4000_0000, 1, 0, 0x4000_07FD),
                    Ev.Get(Root0, 2),
                    Ev.Put(P2, 1),
                    Ev.Free(P2),
                    Ev.Put(Root0, 3),
                ],
                Tables.Since(sys.Log, mark));
            Assert.Equal(
                ["root 0 rc=2", "  L1 0x0000000040000000 leaf 0x00000000400007fd", "root 1 rc=1", "pool used=2"],
                PgtableInspector.Dump(sys.Pgt));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void LargeUnalignedRange_UsesLargestLeafAtEachPosition()
        {
            // Spec 5.3.4: page, 1 GiB block, 2 MiB block, page for [0x3ffff000, 0x80201000).
            var sys = Tables.New();

            Assert.Equal(Errno.Ok, sys.Map(0x3FFF_F000, 0x4020_2000, 0x3FFF_F000, Prot.Rwx));

            Assert.Equal(
                [
                    "root 0 rc=4",
                    "  L1 0x0000000000000000 table rc=2",
                    "    L2 0x000000003fe00000 table rc=2",
                    "      L3 0x000000003ffff000 leaf 0x000000003ffff7ff",
                    "  L1 0x0000000040000000 leaf 0x00000000400007fd",
                    "  L1 0x0000000080000000 table rc=3",
                    "    L2 0x0000000080000000 leaf 0x00000000800007fd",
                    "    L2 0x0000000080200000 table rc=2",
                    "      L3 0x0000000080200000 leaf 0x00000000802007ff",
                    "root 1 rc=1",
                    "pool used=6",
                ],
                PgtableInspector.Dump(sys.Pgt));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void IdmapAddrNotPhys_ReturnsEinvalAndChangesNothing()
        {
            // Spec 5.3: an IDMAP table refuses addr != phys (raw values) with a warning, before walking.
            var sys = Tables.New();
            var mark = sys.Log.Count;

            Assert.Equal(Errno.EINVAL, sys.Map(0x4000_0000, 0x1000, 0x4000_1000, Prot.Rwx));

            Assert.Equal([Ev.Warning(0, 0x4000_0000, 0, 0x4000_1000, 0)], Tables.Since(sys.Log, mark));
            Assert.Equal(["root 0 rc=1", "root 1 rc=1", "pool used=2"], PgtableInspector.Dump(sys.Pgt));
        }

        [Fact]
        public void IdmapSubPageOffsetDiffers_ReturnsEinval()
        {
            // Spec 5.3: the IDMAP test compares the raw values, before phys is aligned down.
            var sys = Tables.New();

            Assert.Equal(Errno.EINVAL, sys.Map(0x4000_0800, 0x1000, 0x4000_0000, Prot.Rwx));

            Assert.Equal(2, sys.Pool.UsedPages);
        }

        [Fact]
        public void ExecWithDevice_ReturnsEinvalAndChangesNothing()
        {
            // Spec 5.2 step 2: X together with DEVICE is refused.
            var sys = Tables.New();
            var mark = sys.Log.Count;

            Assert.Equal(Errno.EINVAL, sys.Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.R | Prot.X | Prot.Device));

            Assert.Empty(Tables.Since(sys.Log, mark));
        }

        [Fact]
        public void UnknownProtBit_ReturnsEinval()
        {
            // Spec 5.2: v5.13 knows X, W, R and DEVICE only (the SW bits are v5.15).
            var sys = Tables.New();

            Assert.Equal(Errno.EINVAL, sys.Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rw | (Prot)(1UL << 55)));

            Assert.Equal(2, sys.Pool.UsedPages);
        }

        [Fact]
        public void EndBeyondIa_ReturnsErangeAndChangesNothing()
        {
            // Spec 1.5: walk_end = 2^40 + 0x1000 > 2^40.
            var sys = Tables.New();
            var mark = sys.Log.Count;

            Assert.Equal(Errno.ERANGE, sys.Map(0xFF_FFFF_F000, 0x2000, 0xFF_FFFF_F000, Prot.Rwx));

            Assert.Empty(Tables.Since(sys.Log, mark));
        }

        [Fact]
        public void AddrAtIaLimit_ReturnsErange()
        {
            // Spec 1.5: walk_addr = 2^40, walk_end = 2^40 + 0x1000 > 2^40.
            var sys = Tables.New();

            Assert.Equal(Errno.ERANGE, sys.Map(1UL << 40, 0x1000, 1UL << 40, Prot.Rwx));
        }

        [Fact]
        public void WholeLevel0Entry_MapsLevel1BlocksNotALevel0Block()
        {
            // Spec 1.2: 4K, ia 48 starts at level 0, where no block is allowed: 512 GiB at 0 becomes one
            // level-1 table of 512 1 GiB blocks (first 0x7fd, last 0x7fc00007fd).
            var sys = Tables.New(ia: 48);

            Assert.Equal(Errno.Ok, sys.Map(0, 0x80_0000_0000, 0, Prot.Rwx));

            Assert.Equal((Errno.Ok, 0x7FDUL, 1), (sys.GetLeaf(0, out var first, out var firstLevel), first.Bits, firstLevel));
            Assert.Equal((Errno.Ok, 0x7F_C000_07FDUL, 1), (sys.GetLeaf(0x7F_C000_0000, out var last, out var lastLevel), last.Bits, lastLevel));
            Assert.Equal(2, sys.Pool.UsedPages);
        }

        [Fact]
        public void EndExactlyAtIaLimit_MapsLastPage()
        {
            // Spec 1.5: end == 2^ia is legal; the last page sits in the second root page.
            var sys = Tables.New();

            Assert.Equal(Errno.Ok, sys.Map(0xFF_FFFF_F000, 0x1000, 0xFF_FFFF_F000, Prot.Rwx));

            Assert.Equal(
                [
                    "root 0 rc=1",
                    "root 1 rc=2",
                    "  L1 0x000000ffc0000000 table rc=2",
                    "    L2 0x000000ffffe00000 table rc=2",
                    "      L3 0x000000fffffff000 leaf 0x000000fffffff7ff",
                    "pool used=4",
                ],
                PgtableInspector.Dump(sys.Pgt));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void SizeZero_ReturnsOkAndChangesNothing()
        {
            // Spec 4.1: size 0 walks nothing.
            var sys = Tables.New();
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Map(0x4000_0000, 0, 0x4000_0000, Prot.Rwx));

            Assert.Empty(Tables.Since(sys.Log, mark));
        }

        [Fact]
        public void WrappingSize_ReturnsOkAndChangesNothing()
        {
            // Spec 4.1: walk_end wraps to 0 <= walk_addr, so nothing is visited and no -ERANGE.
            var sys = Tables.New();
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Map(0x4000_0000, 0xFFFF_FFFF_C000_0000, 0x4000_0000, Prot.Rwx));

            Assert.Empty(Tables.Since(sys.Log, mark));
        }

        [Fact]
        public void UnalignedAddr_DropsSubPageOffset()
        {
            // Spec 4.1: addr 0x40001800, size 0x1000 walks only [0x40001000, 0x40002000).
            var sys = Tables.New();

            Assert.Equal(Errno.Ok, sys.Map(0x4000_1800, 0x1000, 0x4000_1800, Prot.Rwx));

            Assert.Equal(
                [
                    "root 0 rc=2",
                    "  L1 0x0000000040000000 table rc=2",
                    "    L2 0x0000000040000000 table rc=2",
                    "      L3 0x0000000040001000 leaf 0x00000000400017ff",
                    "root 1 rc=1",
                    "pool used=4",
                ],
                PgtableInspector.Dump(sys.Pgt));
        }

        [Fact]
        public void SizeOne_MapsOnePage()
        {
            // Spec 4.1: size 1 walks one page.
            var sys = Tables.New();

            Assert.Equal(Errno.Ok, sys.Map(0x4000_2000, 1, 0x4000_2000, Prot.Rwx));

            Assert.Equal(Errno.Ok, sys.GetLeaf(0x4000_2000, out var pte, out var level));
            Assert.Equal((0x4000_27FFUL, 3), (pte.Bits, level));
            Assert.Equal(Errno.Ok, sys.GetLeaf(0x4000_3000, out pte, out level));
            Assert.Equal((0UL, 3), (pte.Bits, level));
        }

        [Theory]
        [InlineData(Prot.None, 0x0040_0000_4000_073FUL)]
        [InlineData(Prot.R, 0x0040_0000_4000_077FUL)]
        [InlineData(Prot.Rw, 0x0040_0000_4000_07FFUL)]
        [InlineData(Prot.R | Prot.X, 0x0000_0000_4000_077FUL)]
        [InlineData(Prot.Rwx, 0x0000_0000_4000_07FFUL)]
        [InlineData(Prot.R | Prot.Device, 0x0040_0000_4000_0747UL)]
        [InlineData(Prot.Rw | Prot.Device, 0x0040_0000_4000_07C7UL)]
        public void PageWithProt_HasExactDescriptor(Prot prot, ulong expected)
        {
            // Spec 2.3 / 5.2 without FWB: MemAttr 0xF or 0x1, S2AP from R/W, SH 0b11, AF, XN unless X.
            var sys = Tables.New();

            Assert.Equal(Errno.Ok, sys.Map(0x4000_0000, 0x1000, 0x4000_0000, prot));

            Assert.Equal(Errno.Ok, sys.GetLeaf(0x4000_0000, out var pte, out var level));
            Assert.Equal((expected, 3), (pte.Bits, level));
        }

        [Fact]
        public void TableWithFwb_UsesFwbNormalEncoding()
        {
            // Spec 2.3: with FWB, Normal memory is MemAttr 0b0110.
            var sys = Tables.New(flags: Stage2Flags.IdMap);

            Assert.Equal(Errno.Ok, sys.Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx));

            Assert.Equal(Errno.Ok, sys.GetLeaf(0x4000_0000, out var pte, out _));
            Assert.Equal(0x4000_07DBUL, pte.Bits);
        }

        [Fact]
        public void PhysBeyondPaLimit_ClearsLikeSetOwnerZero()
        {
            // Spec 1.5: on a non-IDMAP table a phys >= 2^48 is the annotation marker: owner 0, zero written.
            var sys = Tables.New(flags: Stage2Flags.NoFwb);
            sys.Map(0x4000_0000, 0x1000, 0x8000_0000, Prot.Rwx);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Map(0x4000_0000, 0x1000, 1UL << 48, Prot.Rwx));

            Assert.Equal(
                [
                    Ev.Write(Tables.Slot(P3, 0), 0x4000_0000, 3, 0x8000_07FF, 0),
                    Ev.Tlbi(0x4000_0000, 3),
                    Ev.Put(P3, 2),
                    Ev.Write(Tables.Slot(P3, 0), 0x4000_0000, 3, 0, 0),
                ],
                Tables.Since(sys.Log, mark));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void OverAnnotation_ReplacesItWithoutTlbi()
        {
            // Spec 5.3.1: an invalid counted entry is put (no clear, no TLBI) and overwritten.
            var sys = Tables.New();
            sys.SetOwner(0x4000_1000, 0x1000, OwnerId.Hyp);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Map(0x4000_1000, 0x1000, 0x4000_1000, Prot.Rwx));

            Assert.Equal(
                [
                    Ev.Put(P3, 2),
                    Ev.Write(Tables.Slot(P3, 1), 0x4000_1000, 3, Tables.HypAnnotation, 0x4000_17FF),
                    Ev.Get(P3, 1),
                ],
                Tables.Since(sys.Log, mark));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void NullMemcache_ReturnsEnomemAndChangesNothing()
        {
            // Spec 3.2 / 5.3.3: a table is needed and there is no memcache.
            var sys = Tables.New();
            var mark = sys.Log.Count;

            Assert.Equal(Errno.ENOMEM, Stage2Map.Map(sys.Pgt, 0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx, null));

            Assert.Empty(Tables.Since(sys.Log, mark));
        }

        [Fact]
        public void PoolRunsOutMidway_ReturnsEnomemWithPrefixApplied()
        {
            // Spec 5.3.4: the 4th table allocation fails; the first page is mapped, the second L1 slot holds an empty table.
            var sys = Tables.New();
            sys.Faults.FailAt(4);

            Assert.Equal(Errno.ENOMEM, sys.Map(0x3FFF_F000, 0x2000, 0x3FFF_F000, Prot.Rwx));

            Assert.Equal(
                [
                    "root 0 rc=3",
                    "  L1 0x0000000000000000 table rc=2",
                    "    L2 0x000000003fe00000 table rc=2",
                    "      L3 0x000000003ffff000 leaf 0x000000003ffff7ff",
                    "  L1 0x0000000040000000 table rc=1",
                    "root 1 rc=1",
                    "pool used=5",
                ],
                PgtableInspector.Dump(sys.Pgt));
            PgtableInspector.AssertConsistent(sys);

            sys.Destroy();

            Assert.Equal(0, sys.Pool.UsedPages);
        }

        [Fact]
        public void SmallPoolRunsOut_ReturnsEnomemWithTablesConsistent()
        {
            // Spec 3.2: a 3-page pool holds the root and one table; the level-3 table cannot be had.
            var sys = Tables.New(poolPages: 3);

            Assert.Equal(Errno.ENOMEM, sys.Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx));

            Assert.Equal(
                [
                    "root 0 rc=2",
                    "  L1 0x0000000040000000 table rc=1",
                    "root 1 rc=1",
                    "pool used=3",
                ],
                PgtableInspector.Dump(sys.Pgt));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void SplitAllocationFails_ReturnsEnomemAndKeepsBlock()
        {
            // Spec 5.3.3 step 2: the allocation comes before any change, so the block survives.
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x20_0000, 0x4000_0000, Prot.Rwx);
            sys.Faults.FailAt(1);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.ENOMEM, sys.Map(0x4000_1000, 0x1000, 0x4000_1000, Prot.Rwx));

            Assert.Equal([EventKind.AllocFailed], Tables.Since(sys.Log, mark).Select(e => e.Kind));
            Assert.Equal(Errno.Ok, sys.GetLeaf(0x4000_1000, out var pte, out var level));
            Assert.Equal((0x4000_07FDUL, 2), (pte.Bits, level));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void Granule16K_BlocksAtLevel2AndPagesAtLevel3()
        {
            // Spec 1.2/1.3: 16K, ia 48: start level 1, 2 root pages, no level-1 leaf; 32 MiB blocks.
            var sys = Tables.New(Granule.Size16K, 48, poolPages: 8);

            Assert.Equal(Errno.Ok, sys.Map(0x200_0000, 0x200_0000, 0x200_0000, Prot.Rwx));
            Assert.Equal(Errno.Ok, sys.Map(0x4000, 0x4000, 0x4000, Prot.Rwx));
            Assert.Equal(Errno.Ok, sys.Map(1UL << 47, 0x200_0000, 1UL << 47, Prot.Rwx));

            Assert.Equal(
                [
                    "root 0 rc=2",
                    "  L1 0x0000000000000000 table rc=3",
                    "    L2 0x0000000000000000 table rc=2",
                    "      L3 0x0000000000004000 leaf 0x00000000000047ff",
                    "    L2 0x0000000002000000 leaf 0x00000000020007fd",
                    "root 1 rc=2",
                    "  L1 0x0000800000000000 table rc=2",
                    "    L2 0x0000800000000000 leaf 0x00008000000007fd",
                    "pool used=5",
                ],
                PgtableInspector.Dump(sys.Pgt));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void Granule64K_BlocksOf512MiBAtLevel2()
        {
            // Spec 1.2/1.3: 64K, ia 48: start level 1, one root page, 512 MiB blocks at level 2.
            var sys = Tables.New(Granule.Size64K, 48, poolPages: 8);

            Assert.Equal(Errno.Ok, sys.Map(0x2000_0000, 0x2000_0000, 0x2000_0000, Prot.Rwx));

            Assert.Equal(
                [
                    "root 0 rc=2",
                    "  L1 0x0000000000000000 table rc=2",
                    "    L2 0x0000000020000000 leaf 0x00000000200007fd",
                    "pool used=2",
                ],
                PgtableInspector.Dump(sys.Pgt));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void Granule64KWith52BitIa_StoresPaBits51To48InDescriptorBits15To12()
        {
            // Spec 1.5 / 2.1: PA[51:48] of 0xa_0000_1234_0000 (0xa) and of 0xf_0000_2000_0000 (0xf) sit in bits [15:12].
            var sys = Tables.New(Granule.Size64K, 52, poolPages: 8);

            Assert.Equal(Errno.Ok, sys.Map(0xA_0000_1234_0000, 0x1_0000, 0xA_0000_1234_0000, Prot.Rwx));
            Assert.Equal(Errno.Ok, sys.Map(0xF_0000_2000_0000, 0x2000_0000, 0xF_0000_2000_0000, Prot.Rwx));

            Assert.Equal(
                [
                    "root 0 rc=3",
                    "  L1 0x000a000000000000 table rc=2",
                    "    L2 0x000a000000000000 table rc=2",
                    "      L3 0x000a000012340000 leaf 0x000000001234a7ff",
                    "  L1 0x000f000000000000 table rc=2",
                    "    L2 0x000f000020000000 leaf 0x000000002000f7fd",
                    "pool used=4",
                ],
                PgtableInspector.Dump(sys.Pgt));
            Assert.Equal(Errno.Ok, sys.GetLeaf(0xA_0000_1234_0000, out var pte, out _));
            Assert.Equal(0xA_0000_1234_0000UL, pte.OutputAddress(16));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void ConcatenatedRoot_MapsInDifferentRootPages()
        {
            // Spec 1.3: 4K, ia 32: start level 2, 4 root pages of 1 GiB; one map spans root pages 0 and 1.
            var sys = Tables.New(ia: 32, poolPages: 8);

            Assert.Equal(Errno.Ok, sys.Map(0x3FE0_0000, 0x40_0000, 0x3FE0_0000, Prot.Rwx));
            Assert.Equal(Errno.Ok, sys.Map(0xC000_1000, 0x1000, 0xC000_1000, Prot.Rwx));

            Assert.Equal(
                [
                    "root 0 rc=2",
                    "  L2 0x000000003fe00000 leaf 0x000000003fe007fd",
                    "root 1 rc=2",
                    "  L2 0x0000000040000000 leaf 0x00000000400007fd",
                    "root 2 rc=1",
                    "root 3 rc=2",
                    "  L2 0x00000000c0000000 table rc=2",
                    "    L3 0x00000000c0001000 leaf 0x00000000c00017ff",
                    "pool used=5",
                ],
                PgtableInspector.Dump(sys.Pgt));
            PgtableInspector.AssertConsistent(sys);
        }
    }
}
