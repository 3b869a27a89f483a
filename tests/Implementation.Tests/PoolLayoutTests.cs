using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class PoolLayoutTests
{
    /// <summary>Where simulated pools sit.</summary>
    public class Base
    {
        [Fact]
        public void Pools_Are1TiBApartFrom64TiB()
        {
            // 64 TiB = 0x4000_0000_0000, then 1 TiB steps; Tables.PoolBase relies on index 0.
            Assert.Equal(
                (Tables.PoolBase, 0x4100_0000_0000UL, 0x4200_0000_0000UL),
                (PoolLayout.Base(0), PoolLayout.Base(1), PoolLayout.Base(2)));
        }
    }
}
