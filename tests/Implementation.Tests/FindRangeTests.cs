using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class FindRangeTests
{
    private static readonly MemRange OneGiB = new(0x4000_0000, 0x8000_0000);

    /// <summary>kvm_pgtable_stage2_find_range (spec 5.9).</summary>
    public class FindRange
    {
        [Fact]
        public void EmptyTableAlignedWindow_ChoosesLevel1Block()
        {
            // Spec 5.9 step 2: the 1 GiB block around addr fits the window and holds only zeros.
            var sys = Tables.New();

            Assert.Equal(Errno.Ok, Stage2FindRange.FindRange(sys.Pgt, 0x4000_1000, Prot.Rwx, OneGiB, out var range));

            Assert.Equal(new MemRange(0x4000_0000, 0x8000_0000), range);
        }

        [Fact]
        public void WindowOf4MiB_ChoosesLevel2Block()
        {
            // Spec 5.9: the 1 GiB candidate leaves the window, the 2 MiB one does not.
            var sys = Tables.New();

            Assert.Equal(Errno.Ok, Stage2FindRange.FindRange(sys.Pgt, 0x4020_1000, Prot.Rwx, new MemRange(0x4000_0000, 0x4040_0000), out var range));

            Assert.Equal(new MemRange(0x4020_0000, 0x4040_0000), range);
        }

        [Fact]
        public void WindowOfTwoPages_ChoosesPage()
        {
            // Spec 5.9: only the level-3 candidate lies inside [0x40001000, 0x40003000).
            var sys = Tables.New();

            Assert.Equal(Errno.Ok, Stage2FindRange.FindRange(sys.Pgt, 0x4000_2000, Prot.Rw, new MemRange(0x4000_1000, 0x4000_3000), out var range));

            Assert.Equal(new MemRange(0x4000_2000, 0x4000_3000), range);
        }

        [Fact]
        public void AnnotationInLevel1Candidate_FallsBackToLevel2()
        {
            // Spec 5.10 step 3: the 1 GiB candidate meets the annotation; the 2 MiB one at addr is clear.
            var sys = Tables.New();
            sys.SetOwner(0x4020_1000, 0x1000, OwnerId.Hyp);

            Assert.Equal(Errno.Ok, Stage2FindRange.FindRange(sys.Pgt, 0x4000_0000, Prot.Rwx, OneGiB, out var range));

            Assert.Equal(new MemRange(0x4000_0000, 0x4020_0000), range);
        }

        [Fact]
        public void AddrOnAnnotation_ReturnsEexist()
        {
            // Spec 5.9 step 3: every candidate holds the annotated page.
            var sys = Tables.New();
            sys.SetOwner(0x4020_1000, 0x1000, OwnerId.Hyp);

            Assert.Equal(Errno.EEXIST, Stage2FindRange.FindRange(sys.Pgt, 0x4020_1000, Prot.Rwx, OneGiB, out var range));

            Assert.Equal(default, range);
        }

        [Fact]
        public void IdenticalMappingInside_IsCompatible()
        {
            // Spec 5.9: a valid leaf with the same attributes does not fail the candidate.
            var sys = Tables.New();
            sys.Map(0x4000_1000, 0x1000, 0x4000_1000, Prot.Rwx);

            Assert.Equal(Errno.Ok, Stage2FindRange.FindRange(sys.Pgt, 0x4000_0000, Prot.Rwx, OneGiB, out var range));

            Assert.Equal(new MemRange(0x4000_0000, 0x8000_0000), range);
        }

        [Fact]
        public void OtherPermissionsInside_FallsBackToPage()
        {
            // Spec 5.9: an RW (XN) page fails the RWX candidates of level 1 and 2 that contain it.
            var sys = Tables.New();
            sys.Map(0x4000_1000, 0x1000, 0x4000_1000, Prot.Rw);

            Assert.Equal(Errno.Ok, Stage2FindRange.FindRange(sys.Pgt, 0x4000_0000, Prot.Rwx, OneGiB, out var range));

            Assert.Equal(new MemRange(0x4000_0000, 0x4000_1000), range);
        }

        [Fact]
        public void AddrOnOtherPermissions_ReturnsEexist()
        {
            // Spec 5.9 step 3: the page itself is mapped with other permissions.
            var sys = Tables.New();
            sys.Map(0x4000_1000, 0x1000, 0x4000_1000, Prot.Rw);

            Assert.Equal(Errno.EEXIST, Stage2FindRange.FindRange(sys.Pgt, 0x4000_1000, Prot.Rwx, OneGiB, out _));
        }

        [Fact]
        public void ExecWithDevice_ReturnsEinval()
        {
            // Spec 5.9 step 1: the attribute error propagates.
            var sys = Tables.New();

            Assert.Equal(Errno.EINVAL, Stage2FindRange.FindRange(sys.Pgt, 0x4000_0000, Prot.R | Prot.X | Prot.Device, OneGiB, out _));
        }

        [Fact]
        public void AddrOutsideWindow_ReturnsEinval()
        {
            // Implementation's own check: the window must contain addr.
            var sys = Tables.New();

            Assert.Equal(Errno.EINVAL, Stage2FindRange.FindRange(sys.Pgt, 0x8000_0000, Prot.Rwx, OneGiB, out _));
        }

        [Fact]
        public void AddrBeyondIa_ReturnsErange()
        {
            // Spec 1.5: the candidate walk fails with -ERANGE, which ends the search.
            var sys = Tables.New();

            Assert.Equal(Errno.ERANGE, Stage2FindRange.FindRange(sys.Pgt, 1UL << 40, Prot.Rw, new MemRange(0x8000_0000, ulong.MaxValue), out _));
        }

        [Fact]
        public void Granule16K_SkipsLevel1AndChooses32MiBBlock()
        {
            // Spec 1.2: with 16K, level 1 holds no leaf; the 32 MiB level-2 block is chosen.
            var sys = Tables.New(Granule.Size16K, 48, poolPages: 8);

            Assert.Equal(Errno.Ok, Stage2FindRange.FindRange(sys.Pgt, 0x200_1000, Prot.Rwx, new MemRange(0, 1UL << 48), out var range));

            Assert.Equal(new MemRange(0x200_0000, 0x400_0000), range);
        }
    }
}
