using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class PteTests
{
    /// <summary>Descriptor constructors (spec 2).</summary>
    public class Build
    {
        [Fact]
        public void ValidLeafAtLevel3_SetsPageBit()
        {
            // Spec 2.3: host memory RWX page = p | 0x7ff.
            Assert.Equal(new Pte(0x4000_17FF), Pte.ValidLeaf(0x4000_1000, 0x7FC, 3, 12));
        }

        [Fact]
        public void ValidLeafAtLevel2_ClearsTypeBit()
        {
            // Spec 2.3: a block has bit 1 clear: p | 0x7fd.
            Assert.Equal(new Pte(0x4000_07FD), Pte.ValidLeaf(0x4000_0000, 0x7FC, 2, 12));
        }

        [Fact]
        public void Table_IsValidAndTypeWithAddress()
        {
            // Spec 2.2: valid, type 1, the child's address, nothing else.
            Assert.Equal(new Pte(0x4000_0000_3003), Pte.Table(0x4000_0000_3000, 12));
        }

        [Fact]
        public void AnnotationOwnerHyp_IsOwnerInBits63To56()
        {
            // Spec 2.5 (v5.13): owner 1 -> 0x0100_0000_0000_0000.
            Assert.Equal(new Pte(0x0100_0000_0000_0000), Pte.Annotation(OwnerId.Hyp));
        }

        [Fact]
        public void AnnotationOwnerHost_IsZero()
        {
            // Spec 2.5: the table owner is a zero descriptor.
            Assert.Equal(Pte.Zero, Pte.Annotation(OwnerId.Host));
        }

        [Fact]
        public void PhysToPte64K_MovesPaBits51To48ToBits15To12()
        {
            // Spec 1.5: 64K, PA 0xa_0000_1234_0000 -> descriptor address bits 0x1234_a000.
            Assert.Equal(0x1234_A000UL, Pte.PhysToPte(0xA_0000_1234_0000, 16));
        }

        [Fact]
        public void PhysToPte4K_KeepsBits47To12Only()
        {
            // Spec 2.1: 4K holds PA [47:12]; lower and higher bits are dropped.
            Assert.Equal(0x0000_FFFF_FFFF_F000UL, Pte.PhysToPte(ulong.MaxValue, 12));
        }

        [Fact]
        public void AddressMask16K_IsBits47To14()
        {
            // Spec 2.1: 16K output address bits [47:14].
            Assert.Equal(0x0000_FFFF_FFFF_C000UL, Pte.AddressMask(14));
        }
    }

    /// <summary>Reading descriptors back (spec 2.1, 2.6).</summary>
    public class Read
    {
        [Fact]
        public void OutputAddress64K_RestoresPaBits51To48()
        {
            // Spec 1.5: the inverse of PhysToPte for 64K.
            Assert.Equal(0xA_0000_1234_0000UL, new Pte(0x1234_A7FF).OutputAddress(16));
        }

        [Fact]
        public void OutputAddress4K_TreatsBits15To12AsAddress()
        {
            // Spec 2.1: with 4K bits [15:12] are ordinary address bits.
            Assert.Equal(0x1234_A000UL, new Pte(0x1234_A7FF).OutputAddress(12));
        }

        [Fact]
        public void TableBitsAtLevel3_AreNotATable()
        {
            // Spec 2.6: table(e, L) needs L < 3; at level 3 bits 0b11 are a page.
            var pte = new Pte(0x4000_0003);

            Assert.Equal((true, false), (pte.IsTable(2), pte.IsTable(3)));
        }

        [Fact]
        public void Block_IsNotATable()
        {
            // Spec 2.6: valid with type 0 is a block.
            Assert.False(new Pte(0x4000_07FD).IsTable(2));
        }

        [Fact]
        public void Counted_IsNonZero()
        {
            // Spec 2.6: counted(e) = e != 0, annotations included.
            Assert.Equal(
                (false, true, true),
                (Pte.Zero.IsCounted, new Pte(0x0100_0000_0000_0000).IsCounted, new Pte(0x4000_07FD).IsCounted));
        }

        [Fact]
        public void Owner_IsFieldOfInvalidAndZeroOfValid()
        {
            // Spec 2.6: owner(valid) = 0; owner(annotation) = its field; owner(zero) = 0.
            Assert.Equal(
                (OwnerId.Host, OwnerId.Hyp, OwnerId.Host),
                (new Pte(0x0100_0000_4000_07FD).Owner, new Pte(0x0100_0000_0000_0000).Owner, Pte.Zero.Owner));
        }

        [Fact]
        public void ValidAndOwnerField_ReadBits0And63To56()
        {
            // Spec 2.5 / 2.6: valid is bit 0; the v5.13 owner field is bits [63:56].
            var annotation = new Pte(0x0100_0000_0000_0000);

            Assert.Equal((false, 1UL, true), (annotation.IsValid, annotation.OwnerField, new Pte(0x4000_07FD).IsValid));
        }

        [Fact]
        public void ToString_IsSixteenHexDigits()
        {
            // Trace-format 2: descriptors print as 0x and 16 lower-case digits.
            Assert.Equal("0x00000000400007fd", new Pte(0x4000_07FD).ToString());
        }
    }
}
