using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class MemRangeTests
{
    private static readonly MemRange R = new(0x4000_0000, 0x8000_0000);

    /// <summary>struct kvm_mem_range, half-open.</summary>
    public class Range
    {
        [Fact]
        public void Contains_IsHalfOpen()
        {
            // [start, end): start in, end out.
            Assert.Equal((false, true, true, false), (R.Contains(0x3FFF_FFFF), R.Contains(0x4000_0000), R.Contains(0x7FFF_FFFF), R.Contains(0x8000_0000)));
        }

        [Fact]
        public void Covers_WholeSubrangesOnly()
        {
            // Covers(start, end) iff [start, end) lies inside.
            Assert.Equal((true, true, false), (R.Covers(0x4000_0000, 0x8000_0000), R.Covers(0x4020_0000, 0x4040_0000), R.Covers(0x7FE0_0000, 0x8020_0000)));
        }

        [Fact]
        public void SizeAndText()
        {
            // Size is end - start; text is the half-open interval in hex.
            Assert.Equal((0x4000_0000UL, "[0x40000000, 0x80000000)"), (R.Size, R.ToString()));
        }
    }
}
