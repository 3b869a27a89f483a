using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class WalkerTests
{
    private readonly record struct Visit(ulong Addr, ulong End, int Level, int Index, WalkFlags Flag);

    /// <summary>Records every visit; answers <paramref name="stopWith"/> at visit number <paramref name="stopAt"/>.</summary>
    private readonly struct Recorder(WalkFlags flags, List<Visit> visits, int stopAt = 0, Errno stopWith = Errno.Ok) : IKvmPgtableVisitor
    {
        public WalkFlags Flags => flags;

        public Errno Visit(KvmPgtable pgt, ulong addr, ulong end, int level, PtePtr ptep, WalkFlags flag)
        {
            visits.Add(new Visit(addr, end, level, ptep.Index, flag));
            return visits.Count == stopAt ? stopWith : Errno.Ok;
        }
    }

    private static (Errno Result, List<Visit> Visits) Run(Stage2System sys, ulong addr, ulong size, WalkFlags flags, int stopAt = 0, Errno stopWith = Errno.Ok)
    {
        var visits = new List<Visit>();
        var v = new Recorder(flags, visits, stopAt, stopWith);
        var ret = KvmPgtableWalker.Walk(sys.Pgt, addr, size, ref v);
        return (ret, visits);
    }

    /// <summary>kvm_pgtable_walk (spec 4).</summary>
    public class Walk
    {
        [Fact]
        public void UnalignedAddr_DropsSubPageOffset()
        {
            // Spec 4.1: addr 0x1800, size 0x1000 walks [0x1000, 0x2000).
            var sys = Tables.New();

            var (ret, visits) = Run(sys, 0x1800, 0x1000, WalkFlags.Leaf);

            Assert.Equal(Errno.Ok, ret);
            Assert.Equal([new Visit(0x1000, 0x2000, 1, 0, WalkFlags.Leaf)], visits);
        }

        [Fact]
        public void SizeZero_VisitsNothing()
        {
            // Spec 4.1.
            var sys = Tables.New();

            var (ret, visits) = Run(sys, 0x4000_0000, 0, WalkFlags.Leaf);

            Assert.Equal((Errno.Ok, 0), (ret, visits.Count));
        }

        [Fact]
        public void WrappingEnd_VisitsNothingAndReturnsOk()
        {
            // Spec 4.1: walk_end wraps to 0.
            var sys = Tables.New();

            var (ret, visits) = Run(sys, 0x4000_0000, 0xFFFF_FFFF_C000_0000, WalkFlags.Leaf);

            Assert.Equal((Errno.Ok, 0), (ret, visits.Count));
        }

        [Fact]
        public void EndBeyondIa_ReturnsErange()
        {
            // Spec 1.5.
            var sys = Tables.New();

            var (ret, visits) = Run(sys, 0xFF_FFFF_F000, 0x2000, WalkFlags.Leaf);

            Assert.Equal((Errno.ERANGE, 0), (ret, visits.Count));
        }

        [Fact]
        public void AddrBeyondIaWithSizeZero_ReturnsErange()
        {
            // Spec 1.5: walk_addr > 2^ia fails even when nothing would be walked.
            var sys = Tables.New();

            var (ret, _) = Run(sys, (1UL << 40) + 0x1000, 0, WalkFlags.Leaf);

            Assert.Equal(Errno.ERANGE, ret);
        }

        [Fact]
        public void AddrExactlyAtIaWithSizeZero_ReturnsOk()
        {
            // Spec 1.5: both checks are strict; walk_addr = walk_end = 2^ia is legal and walks nothing.
            var sys = Tables.New();

            var (ret, visits) = Run(sys, 1UL << 40, 0, WalkFlags.Leaf);

            Assert.Equal((Errno.Ok, 0), (ret, visits.Count));
        }

        [Fact]
        public void EndExactlyAtIa_VisitsLastSlotOfLastRootPage()
        {
            // Spec 1.5: end == 2^ia is legal.
            var sys = Tables.New();

            var (ret, visits) = Run(sys, 0xFF_FFFF_F000, 0x1000, WalkFlags.Leaf);

            Assert.Equal(Errno.Ok, ret);
            Assert.Equal([new Visit(0xFF_FFFF_F000, 1UL << 40, 1, 511, WalkFlags.Leaf)], visits);
        }

        [Fact]
        public void NoRoot_ReturnsEinval()
        {
            // Spec 1.5: a pool too small for the two root pages leaves the table without a root.
            var sys = Tables.New(poolPages: 1);

            var (ret, visits) = Run(sys, 0, 0x1000, WalkFlags.Leaf);

            Assert.Equal((Errno.EINVAL, 0), (ret, visits.Count));
        }

        [Fact]
        public void StartInsideEntry_NextEntryStartsAtItsBoundary()
        {
            // Spec 4.2 step 3.5: after a leaf the position is aligned down, then advanced by the entry size.
            var sys = Tables.New();

            var (_, visits) = Run(sys, 0x3FF0_0000, 0x20_0000, WalkFlags.Leaf);

            Assert.Equal(
                [
                    new Visit(0x3FF0_0000, 0x4010_0000, 1, 0, WalkFlags.Leaf),
                    new Visit(0x4000_0000, 0x4010_0000, 1, 1, WalkFlags.Leaf),
                ],
                visits);
        }

        [Fact]
        public void RangeAcrossRootPages_ContinuesInNextRootPage()
        {
            // Spec 4.2 step 1: the last slot of root page 0, then the first slot of root page 1.
            var sys = Tables.New();

            var (_, visits) = Run(sys, 0x7F_C000_0000, 0x8000_0000, WalkFlags.Leaf);

            Assert.Equal(
                [
                    new Visit(0x7F_C000_0000, 0x80_4000_0000, 1, 511, WalkFlags.Leaf),
                    new Visit(0x80_0000_0000, 0x80_4000_0000, 1, 0, WalkFlags.Leaf),
                ],
                visits);
        }

        [Fact]
        public void Tables_PreThenChildrenThenPostWithSavedAddr()
        {
            // Spec 4.2: depth first, TABLE_PRE before the children, TABLE_POST after with the saved position.
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x2000, 0x4000_0000, Prot.Rwx);
            const WalkFlags all = WalkFlags.Leaf | WalkFlags.TablePre | WalkFlags.TablePost;

            var (ret, visits) = Run(sys, 0x4000_0000, 0x2000, all);

            Assert.Equal(Errno.Ok, ret);
            Assert.Equal(
                [
                    new Visit(0x4000_0000, 0x4000_2000, 1, 1, WalkFlags.TablePre),
                    new Visit(0x4000_0000, 0x4000_2000, 2, 0, WalkFlags.TablePre),
                    new Visit(0x4000_0000, 0x4000_2000, 3, 0, WalkFlags.Leaf),
                    new Visit(0x4000_1000, 0x4000_2000, 3, 1, WalkFlags.Leaf),
                    new Visit(0x4000_0000, 0x4000_2000, 2, 0, WalkFlags.TablePost),
                    new Visit(0x4000_0000, 0x4000_2000, 1, 1, WalkFlags.TablePost),
                ],
                visits);
        }

        [Fact]
        public void StartInsideTable_PostGetsPositionOfFirstVisit()
        {
            // Spec 4.2 step 7: TABLE_POST receives the walk position at which the slot was first visited.
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x2000, 0x4000_0000, Prot.Rwx);

            var (_, visits) = Run(sys, 0x4000_1000, 0x1000, WalkFlags.Leaf | WalkFlags.TablePost);

            Assert.Equal(
                [
                    new Visit(0x4000_1000, 0x4000_2000, 3, 1, WalkFlags.Leaf),
                    new Visit(0x4000_1000, 0x4000_2000, 2, 0, WalkFlags.TablePost),
                    new Visit(0x4000_1000, 0x4000_2000, 1, 1, WalkFlags.TablePost),
                ],
                visits);
        }

        [Fact]
        public void LeafOnlyWalker_DescendsWithoutTableVisits()
        {
            // Spec 4.2: tables are descended whatever the flags; only requested visits are made.
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx);

            var (_, visits) = Run(sys, 0x4000_0000, 0x1000, WalkFlags.Leaf);

            Assert.Equal([new Visit(0x4000_0000, 0x4000_1000, 3, 0, WalkFlags.Leaf)], visits);
        }

        [Fact]
        public void TableOnlyWalker_MakesNoLeafVisit()
        {
            // Spec 4.2: without LEAF the page at level 3 is passed over; only the two tables are visited, before and after.
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx);

            var (_, visits) = Run(sys, 0x4000_0000, 0x1000, WalkFlags.TablePre | WalkFlags.TablePost);

            Assert.Equal(
                [
                    new Visit(0x4000_0000, 0x4000_1000, 1, 1, WalkFlags.TablePre),
                    new Visit(0x4000_0000, 0x4000_1000, 2, 0, WalkFlags.TablePre),
                    new Visit(0x4000_0000, 0x4000_1000, 2, 0, WalkFlags.TablePost),
                    new Visit(0x4000_0000, 0x4000_1000, 1, 1, WalkFlags.TablePost),
                ],
                visits);
        }

        [Fact]
        public void NonZeroVisitResult_EndsWalkAndIsReturned()
        {
            // Spec 4.2 step 2: the first non-zero result ends the walk (v5.13: -EAGAIN included).
            var sys = Tables.New();

            var (ret, visits) = Run(sys, 0, 0x1_0000_0000, WalkFlags.Leaf, stopAt: 2, stopWith: Errno.EAGAIN);

            Assert.Equal(Errno.EAGAIN, ret);
            Assert.Equal(2, visits.Count);
        }
    }
}
