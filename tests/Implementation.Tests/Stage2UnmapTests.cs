using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class Stage2UnmapTests
{
    private static readonly ulong Root0 = Tables.PoolPage(0);
    private static readonly ulong P2 = Tables.PoolPage(2);
    private static readonly ulong P3 = Tables.PoolPage(3);

    /// <summary>kvm_pgtable_stage2_unmap (spec 5.5).</summary>
    public class Unmap
    {
        [Fact]
        public void PageOfBlock_RemovesWholeBlockAndFreesEmptyTable()
        {
            // Spec 5.5: the whole 2 MiB block goes (TLBI level 2, CMO of the block), then its empty table (TLBI, no hint).
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x20_0000, 0x4000_0000, Prot.Rwx);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Unmap(0x4000_1000, 0x1000));

            Assert.Equal(
                [
                    Ev.Write(Tables.Slot(P2, 0), 0x4000_0000, 2, 0x4000_07FD, 0),
                    Ev.Tlbi(0x4000_1000, 2),
                    Ev.Put(P2, 2),
                    Ev.Cmo(0x4000_0000, 0x20_0000),
                    Ev.Write(Tables.Slot(Root0, 1), 0x4000_0000, 1, Tables.TableDesc(P2), 0),
                    Ev.Tlbi(0x4000_1000, -1),
                    Ev.Put(Root0, 2),
                    Ev.Put(P2, 1),
                    Ev.Free(P2),
                ],
                Tables.Since(sys.Log, mark));
            Assert.Equal(["root 0 rc=1", "root 1 rc=1", "pool used=2"], PgtableInspector.Dump(sys.Pgt));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void OneOfTwoPages_KeepsTable()
        {
            // Spec 5.5: the table still holds a counted entry (rc 2), so it stays.
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x2000, 0x4000_0000, Prot.Rwx);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Unmap(0x4000_0000, 0x1000));

            Assert.Equal(
                [
                    Ev.Write(Tables.Slot(P3, 0), 0x4000_0000, 3, 0x4000_07FF, 0),
                    Ev.Tlbi(0x4000_0000, 3),
                    Ev.Put(P3, 3),
                    Ev.Cmo(0x4000_0000, 0x1000),
                ],
                Tables.Since(sys.Log, mark));
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
        public void LastCountedEntry_FreesTablesWithUnhintedTlbi()
        {
            // Spec 5.5 (v6.9 fix): each emptied table is cleared, invalidated with no level hint, then freed.
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x2000, 0x4000_0000, Prot.Rwx);
            sys.Unmap(0x4000_0000, 0x1000);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Unmap(0x4000_1000, 0x1000));

            Assert.Equal(
                [
                    Ev.Write(Tables.Slot(P3, 1), 0x4000_1000, 3, 0x4000_17FF, 0),
                    Ev.Tlbi(0x4000_1000, 3),
                    Ev.Put(P3, 2),
                    Ev.Cmo(0x4000_1000, 0x1000),
                    Ev.Write(Tables.Slot(P2, 0), 0x4000_0000, 2, Tables.TableDesc(P3), 0),
                    Ev.Tlbi(0x4000_1000, -1),
                    Ev.Put(P2, 2),
                    Ev.Put(P3, 1),
                    Ev.Free(P3),
                    Ev.Write(Tables.Slot(Root0, 1), 0x4000_0000, 1, Tables.TableDesc(P2), 0),
                    Ev.Tlbi(0x4000_1000, -1),
                    Ev.Put(Root0, 2),
                    Ev.Put(P2, 1),
                    Ev.Free(P2),
                ],
                Tables.Since(sys.Log, mark));
            Assert.Equal(["root 0 rc=1", "root 1 rc=1", "pool used=2"], PgtableInspector.Dump(sys.Pgt));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void Annotation_ClearedWithoutTlbiOrCmo()
        {
            // Spec 5.5 / 8.15: an annotation is written to 0 and put; invalid entries need no invalidation.
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx);
            sys.SetOwner(0x4000_1000, 0x1000, OwnerId.Hyp);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Unmap(0x4000_1000, 0x1000));

            Assert.Equal(
                [
                    Ev.Write(Tables.Slot(P3, 1), 0x4000_1000, 3, Tables.HypAnnotation, 0),
                    Ev.Put(P3, 3),
                ],
                Tables.Since(sys.Log, mark));
        }

        [Fact]
        public void TableHoldingAnnotation_StaysLinked()
        {
            // Spec 3.3 / 8.18: an annotation is counted, so its table (rc 2) is not freed.
            var sys = Tables.New();
            sys.SetOwner(0x4000_1000, 0x1000, OwnerId.Hyp);
            sys.Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx);

            Assert.Equal(Errno.Ok, sys.Unmap(0x4000_0000, 0x1000));

            Assert.Equal(
                [
                    "root 0 rc=2",
                    "  L1 0x0000000040000000 table rc=2",
                    "    L2 0x0000000040000000 table rc=2",
                    "      L3 0x0000000040001000 invalid 0x0100000000000000",
                    "root 1 rc=1",
                    "pool used=4",
                ],
                PgtableInspector.Dump(sys.Pgt));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void DeviceLeaf_NoCacheMaintenance()
        {
            // Spec 5.5: only Normal cacheable leaves are cleaned to PoC.
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rw | Prot.Device);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Unmap(0x4000_0000, 0x1000));

            Assert.Equal(0, PgtableInspector.Count(sys.Log, EventKind.Cmo, mark));
            Assert.Equal(Ev.Tlbi(0x4000_0000, 3), Tables.Since(sys.Log, mark)[1]);
        }

        [Fact]
        public void FwbTable_NoCacheMaintenance()
        {
            // Spec 5.5: with FWB in use no CMO is issued, even for Normal memory.
            var sys = Tables.New(flags: Stage2Flags.IdMap);
            sys.Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Unmap(0x4000_0000, 0x1000));

            Assert.Equal(0, PgtableInspector.Count(sys.Log, EventKind.Cmo, mark));
        }

        [Fact]
        public void WholeIaSpace_FreesTablesAndKeepsRootPages()
        {
            // Spec 5.5: root pages are never freed by unmap.
            var sys = Tables.New();
            sys.Map(0x3FFF_F000, 0x4020_2000, 0x3FFF_F000, Prot.Rwx);
            sys.SetOwner(0x8_0000_0000, 0x1000, OwnerId.Hyp);

            Assert.Equal(Errno.Ok, sys.Unmap(0, 1UL << 40));

            Assert.Equal(["root 0 rc=1", "root 1 rc=1", "pool used=2"], PgtableInspector.Dump(sys.Pgt));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void ConcatenatedRootLeaves_RemovedAndRootPagesKept()
        {
            // Spec 1.3 / 5.5: 4K, ia 32: blocks in root pages 0 and 1 are removed, each root back to rc 1.
            var sys = Tables.New(ia: 32, poolPages: 8);
            sys.Map(0x3FE0_0000, 0x40_0000, 0x3FE0_0000, Prot.Rwx);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Unmap(0, 1UL << 32));

            var tlbis = Array.FindAll(Tables.Since(sys.Log, mark), e => e.Kind == EventKind.TlbiIpa);
            Assert.Equal([Ev.Tlbi(0x3FE0_0000, 2), Ev.Tlbi(0x4000_0000, 2)], tlbis);
            Assert.Equal(
                ["root 0 rc=1", "root 1 rc=1", "root 2 rc=1", "root 3 rc=1", "pool used=4"],
                PgtableInspector.Dump(sys.Pgt));
        }

        [Fact]
        public void EndBeyondIa_ReturnsErangeAndChangesNothing()
        {
            // Spec 1.5.
            var sys = Tables.New();
            sys.Map(0xFF_FFFF_F000, 0x1000, 0xFF_FFFF_F000, Prot.Rwx);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.ERANGE, sys.Unmap(0xFF_FFFF_F000, 0x2000));

            Assert.Empty(Tables.Since(sys.Log, mark));
        }

        [Fact]
        public void SizeZero_ReturnsOkAndChangesNothing()
        {
            // Spec 4.1.
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Unmap(0x4000_0000, 0));

            Assert.Empty(Tables.Since(sys.Log, mark));
        }

        [Fact]
        public void EmptyTable_ReturnsOkAndLogsNothing()
        {
            // Spec 5.5: zero leaves need nothing.
            var sys = Tables.New();
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.Unmap(0, 1UL << 40));

            Assert.Empty(Tables.Since(sys.Log, mark));
        }
    }
}
