using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class GetLeafTests
{
    /// <summary>kvm_pgtable_get_leaf (spec 4.3).</summary>
    public class GetLeaf
    {
        [Fact]
        public void EmptyTable_ReturnsZeroAtStartLevel()
        {
            // Spec 4.3: a zero root entry is the leaf covering the address.
            var sys = Tables.New();

            Assert.Equal(Errno.Ok, sys.GetLeaf(0x4000_1000, out var pte, out var level));

            Assert.Equal((0UL, 1), (pte.Bits, level));
        }

        [Fact]
        public void InsideBlock_ReturnsBlockAndItsLevel()
        {
            // Spec 4.3: any page of a 2 MiB block answers with the block descriptor at level 2.
            var sys = Tables.New();
            sys.Map(0x4000_0000, 0x20_0000, 0x4000_0000, Prot.Rwx);

            Assert.Equal(Errno.Ok, sys.GetLeaf(0x401F_F000, out var pte, out var level));

            Assert.Equal((0x4000_07FDUL, 2), (pte.Bits, level));
        }

        [Fact]
        public void SubPageAddress_ReturnsPageLeaf()
        {
            // Spec 4.1: the walk covers the page holding addr.
            var sys = Tables.New();
            sys.Map(0x4000_1000, 0x1000, 0x4000_1000, Prot.Rwx);

            Assert.Equal(Errno.Ok, sys.GetLeaf(0x4000_1FFF, out var pte, out var level));

            Assert.Equal((0x4000_17FFUL, 3), (pte.Bits, level));
        }

        [Fact]
        public void AnnotatedPage_ReturnsAnnotation()
        {
            // Spec 2.5: the hypervisor annotation of v5.13 is owner 1 in bits [63:56].
            var sys = Tables.New();
            sys.SetOwner(0x4000_1000, 0x1000, OwnerId.Hyp);

            Assert.Equal(Errno.Ok, sys.GetLeaf(0x4000_1000, out var pte, out var level));

            Assert.Equal((Tables.HypAnnotation, 3), (pte.Bits, level));
            Assert.Equal(OwnerId.Hyp, pte.Owner);
        }

        [Fact]
        public void ZeroNextToTableEntry_ReturnsZeroAtThatLevel()
        {
            // Spec 4.3: a zero entry inside a level-3 table is a level-3 leaf.
            var sys = Tables.New();
            sys.Map(0x4000_1000, 0x1000, 0x4000_1000, Prot.Rwx);

            Assert.Equal(Errno.Ok, sys.GetLeaf(0x4000_2000, out var pte, out var level));

            Assert.Equal((0UL, 3), (pte.Bits, level));
        }

        [Fact]
        public void LastPageOfIa_ReturnsOk()
        {
            // Spec 1.5: [2^40 - 4K, 2^40) is inside the IA space.
            var sys = Tables.New();

            Assert.Equal(Errno.Ok, sys.GetLeaf(0xFF_FFFF_F000, out var pte, out var level));

            Assert.Equal((0UL, 1), (pte.Bits, level));
        }

        [Fact]
        public void AddrAtIaLimit_ReturnsErangeAndZeroOutputs()
        {
            // Spec 1.5 / 4.3: the page [2^40, 2^40 + 4K) ends beyond 2^40.
            var sys = Tables.New();

            Assert.Equal(Errno.ERANGE, sys.GetLeaf(1UL << 40, out var pte, out var level));

            Assert.Equal((0UL, 0), (pte.Bits, level));
        }

        [Fact]
        public void NoRoot_ReturnsEinval()
        {
            // Spec 1.5: a table without a root (here: destroyed) answers -EINVAL.
            var sys = Tables.New();
            sys.Destroy();

            Assert.Equal(Errno.EINVAL, sys.GetLeaf(0x4000_0000, out var pte, out var level));

            Assert.Equal((0UL, 0), (pte.Bits, level));
        }

        [Fact]
        public void ConcatenatedRoot_ReturnsLeafInItsRootPage()
        {
            // Spec 1.3: 4K, ia 32: the block at 3 GiB sits in root page 3 at level 2.
            var sys = Tables.New(ia: 32, poolPages: 8);
            sys.Map(0xC000_0000, 0x20_0000, 0xC000_0000, Prot.Rwx);

            Assert.Equal(Errno.Ok, sys.GetLeaf(0xC010_0000, out var pte, out var level));

            Assert.Equal((0xC000_07FDUL, 2), (pte.Bits, level));
        }
    }
}
