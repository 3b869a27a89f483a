using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class Stage2SetOwnerTests
{
    private static readonly ulong P2 = Tables.PoolPage(2);
    private static readonly ulong P3 = Tables.PoolPage(3);

    /// <summary>kvm_pgtable_stage2_set_owner (spec 5.4), with page-sized annotations (the v5.15 fix).</summary>
    public class SetOwner
    {
        [Fact]
        public void PageOfBlock_SplitsItAndZeroesRest()
        {
            // Trace-format 3: the 2 MiB block is put (0, TLBI level 2), a table installed, one page annotated.
            var sys = Tables.New(fixes: Fix.PageSizedAnnotations);
            sys.Map(0x4000_0000, 0x20_0000, 0x4000_0000, Prot.Rwx);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.SetOwner(0x4000_1000, 0x1000, OwnerId.Hyp));

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
            Assert.Equal(
                [
                    Ev.Alloc(P3),
                    Ev.Write(Tables.Slot(P2, 0), 0x4000_0000, 2, 0x4000_07FD, 0),
                    Ev.Tlbi(0x4000_1000, 2),
                    Ev.Put(P2, 2),
                    Ev.Write(Tables.Slot(P2, 0), 0x4000_0000, 2, 0, Tables.TableDesc(P3)),
                    Ev.Get(P2, 1),
                    Ev.Write(Tables.Slot(P3, 1), 0x4000_1000, 3, 0, Tables.HypAnnotation),
                    Ev.Get(P3, 1),
                ],
                Tables.Since(sys.Log, mark));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void MappedPage_BreaksBeforeMakeThenAnnotates()
        {
            // Spec 5.4 / 8.13: write 0, TLBI at level 3, put, then the annotation, get.
            var sys = Tables.New(fixes: Fix.PageSizedAnnotations);
            sys.Map(0x4000_1000, 0x1000, 0x4000_1000, Prot.Rwx);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.SetOwner(0x4000_1000, 0x1000, OwnerId.Hyp));

            Assert.Equal(
                [
                    Ev.Write(Tables.Slot(P3, 1), 0x4000_1000, 3, 0x4000_17FF, 0),
                    Ev.Tlbi(0x4000_1000, 3),
                    Ev.Put(P3, 2),
                    Ev.Write(Tables.Slot(P3, 1), 0x4000_1000, 3, 0, Tables.HypAnnotation),
                    Ev.Get(P3, 1),
                ],
                Tables.Since(sys.Log, mark));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void OwnerIdTwo_ReturnsEinvalAndWalksNothing()
        {
            // Spec 2.5 / 5.4: ids above KVM_MAX_OWNER_ID (1) are refused before the walk.
            var sys = Tables.New(fixes: Fix.PageSizedAnnotations);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.EINVAL, sys.SetOwner(0x4000_0000, 0x1000, 2));

            Assert.Empty(Tables.Since(sys.Log, mark));
        }

        [Fact]
        public void AlignedTwoMiB_WritesPageSizedAnnotations()
        {
            // Spec 1.2 [v5.15] force page granularity: 512 level-3 annotations, no level-2 annotation.
            var sys = Tables.New(fixes: Fix.PageSizedAnnotations);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.SetOwner(0x4000_0000, 0x20_0000, OwnerId.Hyp));

            var dump = PgtableInspector.Dump(sys.Pgt);
            Assert.Equal(2 + 2 + 512 + 1, dump.Length);
            Assert.Equal(
                ["root 0 rc=2", "  L1 0x0000000040000000 table rc=2", "    L2 0x0000000040000000 table rc=513"],
                dump[..3]);
            Assert.Equal("      L3 0x00000000401ff000 invalid 0x0100000000000000", dump[^3]);
            Assert.Equal("pool used=4", dump[^1]);
            Assert.Equal(0, PgtableInspector.Count(sys.Log, EventKind.TlbiVmid, mark));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void SplitOfPageSizedAnnotations_KeepsRestWithHypervisor()
        {
            // Spec 5.3.3 / 9: with page-sized annotations, giving one page back leaves the other 511 with owner 1.
            var sys = Tables.New(fixes: Fix.PageSizedAnnotations);
            sys.SetOwner(0x4000_0000, 0x20_0000, OwnerId.Hyp);

            Assert.Equal(Errno.Ok, sys.SetOwner(0x4010_0000, 0x1000, OwnerId.Host));

            Assert.Equal(Errno.Ok, sys.GetLeaf(0x4000_0000, out var pte, out var level));
            Assert.Equal((Tables.HypAnnotation, 3), (pte.Bits, level));
            Assert.Equal(Errno.Ok, sys.GetLeaf(0x4010_0000, out pte, out level));
            Assert.Equal((0UL, 3), (pte.Bits, level));
            Assert.Equal("    L2 0x0000000040000000 table rc=512", PgtableInspector.Dump(sys.Pgt)[2]);
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void SameAnnotationAgain_ReturnsOkWithPutThenGet()
        {
            // Spec 5.4: set_owner never returns -EAGAIN; rewriting the annotation is a put + get.
            var sys = Tables.New(fixes: Fix.PageSizedAnnotations);
            sys.SetOwner(0x4000_1000, 0x1000, OwnerId.Hyp);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.SetOwner(0x4000_1000, 0x1000, OwnerId.Hyp));

            Assert.Equal(
                [
                    Ev.Put(P3, 2),
                    Ev.Write(Tables.Slot(P3, 1), 0x4000_1000, 3, Tables.HypAnnotation, Tables.HypAnnotation),
                    Ev.Get(P3, 1),
                ],
                Tables.Since(sys.Log, mark));
        }

        [Fact]
        public void OwnerZero_ClearsAnnotationAndKeepsEmptyTableLinked()
        {
            // Spec 5.4: owner 0 writes zero entries; a table left empty stays linked.
            var sys = Tables.New(fixes: Fix.PageSizedAnnotations);
            sys.SetOwner(0x4000_1000, 0x1000, OwnerId.Hyp);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.SetOwner(0x4000_1000, 0x1000, OwnerId.Host));

            Assert.Equal(
                [
                    Ev.Put(P3, 2),
                    Ev.Write(Tables.Slot(P3, 1), 0x4000_1000, 3, Tables.HypAnnotation, 0),
                ],
                Tables.Since(sys.Log, mark));
            Assert.Equal(
                [
                    "root 0 rc=2",
                    "  L1 0x0000000040000000 table rc=2",
                    "    L2 0x0000000040000000 table rc=1",
                    "root 1 rc=1",
                    "pool used=4",
                ],
                PgtableInspector.Dump(sys.Pgt));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void TableOfMappings_AnnotatesEveryPageWithoutAnchor()
        {
            // Spec 5.4 [v5.15]: no annotation block fits, so no anchor: per-page break-before-make instead.
            var sys = Tables.New(fixes: Fix.PageSizedAnnotations);
            sys.Map(0x4000_0000, 0x2000, 0x4000_0000, Prot.Rwx);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.SetOwner(0x4000_0000, 0x20_0000, OwnerId.Hyp));

            var tlbis = Array.FindAll(Tables.Since(sys.Log, mark), e => e.Kind is EventKind.TlbiIpa or EventKind.TlbiVmid);
            Assert.Equal([Ev.Tlbi(0x4000_0000, 3), Ev.Tlbi(0x4000_1000, 3)], tlbis);
            Assert.Equal("    L2 0x0000000040000000 table rc=513", PgtableInspector.Dump(sys.Pgt)[2]);
            Assert.Equal(4, sys.Pool.UsedPages);
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void PoolRunsOutMidway_ReturnsEnomemWithPrefixApplied()
        {
            // Spec 5.4 / 8.21: the 4th table allocation fails; the first page is annotated.
            var sys = Tables.New(fixes: Fix.PageSizedAnnotations);
            sys.Faults.FailAt(4);

            Assert.Equal(Errno.ENOMEM, sys.SetOwner(0x3FFF_F000, 0x2000, OwnerId.Hyp));

            Assert.Equal(
                [
                    "root 0 rc=3",
                    "  L1 0x0000000000000000 table rc=2",
                    "    L2 0x000000003fe00000 table rc=2",
                    "      L3 0x000000003ffff000 invalid 0x0100000000000000",
                    "  L1 0x0000000040000000 table rc=1",
                    "root 1 rc=1",
                    "pool used=5",
                ],
                PgtableInspector.Dump(sys.Pgt));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void NullMemcache_ReturnsEnomemAndChangesNothing()
        {
            // Spec 3.2: a table is needed and there is no memcache.
            var sys = Tables.New(fixes: Fix.PageSizedAnnotations);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.ENOMEM, Stage2Map.SetOwner(sys.Pgt, 0x4000_0000, 0x1000, null, OwnerId.Hyp));

            Assert.Empty(Tables.Since(sys.Log, mark));
        }

        [Fact]
        public void EndBeyondIa_ReturnsErange()
        {
            // Spec 1.5.
            var sys = Tables.New(fixes: Fix.PageSizedAnnotations);

            Assert.Equal(Errno.ERANGE, sys.SetOwner(0xFF_FFFF_F000, 0x2000, OwnerId.Hyp));

            Assert.Equal(2, sys.Pool.UsedPages);
        }
    }

    /// <summary>set_owner as v5.13 writes it (no fix): block-sized annotations and their hazard.</summary>
    public class SetOwnerV513
    {
        [Fact]
        public void AlignedTwoMiB_WritesOneLevel2Annotation()
        {
            // Spec 5.4 (v5.13): the annotation takes the highest level allowed by addr and size alone.
            var sys = Tables.New();

            Assert.Equal(Errno.Ok, sys.SetOwner(0x4000_0000, 0x20_0000, OwnerId.Hyp));

            Assert.Equal(
                [
                    "root 0 rc=2",
                    "  L1 0x0000000040000000 table rc=2",
                    "    L2 0x0000000040000000 invalid 0x0100000000000000",
                    "root 1 rc=1",
                    "pool used=3",
                ],
                PgtableInspector.Dump(sys.Pgt));
            PgtableInspector.AssertConsistent(sys);
        }

        [Fact]
        public void AlignedOneGiB_WritesOneLevel1Annotation()
        {
            // Spec 5.4 (v5.13): one level-1 entry for a 1 GiB aligned range with 4K.
            var sys = Tables.New();

            Assert.Equal(Errno.Ok, sys.SetOwner(0x4000_0000, 0x4000_0000, OwnerId.Hyp));

            Assert.Equal(
                [
                    "root 0 rc=2",
                    "  L1 0x0000000040000000 invalid 0x0100000000000000",
                    "root 1 rc=1",
                    "pool used=2",
                ],
                PgtableInspector.Dump(sys.Pgt));
        }

        [Fact]
        public void SplittingAnnotationBlock_HandsRestBackToHost()
        {
            // Spec 5.10 step 5: giving one page back splits the block; the other 511 pages become zero (host-owned).
            var sys = Tables.New();
            sys.SetOwner(0x4000_0000, 0x20_0000, OwnerId.Hyp);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.SetOwner(0x4010_0000, 0x1000, OwnerId.Host));

            Assert.Equal(
                [
                    Ev.Alloc(P3),
                    Ev.Put(P2, 2),
                    Ev.Write(Tables.Slot(P2, 0), 0x4000_0000, 2, Tables.HypAnnotation, Tables.TableDesc(P3)),
                    Ev.Get(P2, 1),
                    Ev.Write(Tables.Slot(P3, 256), 0x4010_0000, 3, 0, 0),
                ],
                Tables.Since(sys.Log, mark));
            Assert.Equal(Errno.Ok, sys.GetLeaf(0x4000_0000, out var pte, out var level));
            Assert.Equal((0UL, 3), (pte.Bits, level));
            Assert.Equal(
                [
                    "root 0 rc=2",
                    "  L1 0x0000000040000000 table rc=2",
                    "    L2 0x0000000040000000 table rc=1",
                    "root 1 rc=1",
                    "pool used=4",
                ],
                PgtableInspector.Dump(sys.Pgt));
        }

        [Fact]
        public void TableWhereAnnotationBlockFits_AnchorDropsMappings()
        {
            // Spec 5.4 / 5.3.2: detach the table (0 + VMID-wide TLBI), put its leaves, write the annotation, free it.
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x2000, 0x4000_0000, Prot.Rwx);
            var mark = sys.Log.Count;

            Assert.Equal(Errno.Ok, sys.SetOwner(0x4000_0000, 0x20_0000, OwnerId.Hyp));

            Assert.Equal(
                [
                    Ev.Write(Tables.Slot(P2, 0), 0x4000_0000, 2, Tables.TableDesc(P3), 0),
                    Ev.TlbiVmid(),
                    Ev.Put(P3, 3),
                    Ev.Put(P3, 2),
                    Ev.Write(Tables.Slot(P2, 0), 0x4000_0000, 2, 0, Tables.HypAnnotation),
                    Ev.Get(P2, 2),
                    Ev.Put(P3, 1),
                    Ev.Free(P3),
                    Ev.Put(P2, 3),
                ],
                Tables.Since(sys.Log, mark));
            Assert.Equal(3, sys.Pool.UsedPages);
            PgtableInspector.AssertConsistent(sys);
        }
    }
}
