using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class Stage2AttrTests
{
    /// <summary>stage2_set_prot_attr (spec 5.2).</summary>
    public class FromProt
    {
        [Theory]
        [InlineData(Stage2Flags.NoFwb, Prot.Rwx, 0x0000_0000_0000_07FCUL)]
        [InlineData(Stage2Flags.NoFwb, Prot.Rw, 0x0040_0000_0000_07FCUL)]
        [InlineData(Stage2Flags.NoFwb, Prot.Rw | Prot.Device, 0x0040_0000_0000_07C4UL)]
        [InlineData(Stage2Flags.None, Prot.Rwx, 0x0000_0000_0000_07D8UL)]
        [InlineData(Stage2Flags.None, Prot.Rw | Prot.Device, 0x0040_0000_0000_07C4UL)]
        [InlineData(Stage2Flags.None, Prot.None, 0x0040_0000_0000_0718UL)]
        public void AllowedProt_GivesExactAttributes(Stage2Flags flags, Prot prot, ulong expected)
        {
            // Spec 2.3: MemAttr 0xF / 0x6 (FWB) for Normal, 0x1 for Device; S2AP; SH 0b11; AF; XN unless X.
            var pgt = Tables.New(flags: flags).Pgt;

            Assert.Equal(Errno.Ok, Stage2Attr.FromProt(pgt, prot, out var attr));

            Assert.Equal(expected, attr);
        }

        [Fact]
        public void ExecWithDevice_ReturnsEinval()
        {
            // Spec 5.2 step 2.
            var pgt = Tables.New().Pgt;

            Assert.Equal(Errno.EINVAL, Stage2Attr.FromProt(pgt, Prot.X | Prot.Device, out var attr));

            Assert.Equal(0UL, attr);
        }
    }

    /// <summary>stage2_pte_cacheable (spec 5.5).</summary>
    public class IsCacheable
    {
        [Theory]
        [InlineData(Stage2Flags.NoFwb, 0x4000_07FDUL, true)]
        [InlineData(Stage2Flags.NoFwb, 0x0040_0000_4000_07C7UL, false)]
        [InlineData(Stage2Flags.None, 0x4000_07FDUL, false)]
        [InlineData(Stage2Flags.None, 0x4000_07DBUL, true)]
        public void MemAttr_IsNormalInTheTablesEncoding(Stage2Flags flags, ulong pte, bool expected)
        {
            // Spec 5.5: Normal in the table's own encoding (0xF without FWB, 0x6 with it).
            Assert.Equal(expected, Stage2Attr.IsCacheable(Tables.New(flags: flags).Pgt, new Pte(pte)));
        }
    }
}
