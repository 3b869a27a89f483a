using Harness.Implementation;
using Harness.Properties.Backends.Port;
using Harness.Properties.Commands;
using Harness.Properties.Oracle;
using Harness.Properties.Runner;

namespace Harness.Properties.Tests;

/// <summary>
/// The deep sweep's claim that free pool memory is zero (spec 3.1). It reads only the pages the backend
/// says may hold data (<c>ITableMemory.ReadWritten</c>), so these tests write behind the log into a free
/// page the port had used and into one it had never written, and the sweep must find both.
/// </summary>
public sealed class DeepSweepTests
{
    private static readonly Command[] MapThenUnmap = [new Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx), new Unmap(0x4000_0000, 0x1000)];

    [Fact]
    public void TheWorldBeforeTheDamageSweepsClean()
    {
        var x = Execution.Run(HarnessConfig.Stage2Default, MapThenUnmap);
        using var world = x.World;
        Assert.Null(x.Violation);
        Assert.Null(world.Sweep(deep: true));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AFreePageWrittenBehindTheLogIsFound(bool usedBefore)
    {
        var x = Execution.Run(HarnessConfig.Stage2Default, MapThenUnmap);
        using var world = x.World;
        Assert.Null(x.Violation);
        var pool = ((PortStage2)((Stage2World)world).Sut).Port.Pool;
        var written = new bool[pool.NrPages];
        pool.CopyWritten(written);
        // The unmap freed the tables the map had built: free pages the port wrote; the rest it never touched.
        var page = Enumerable.Range(0, pool.NrPages)
            .Select(i => pool.BasePa + ((ulong)i << pool.PageShift))
            .First(pa => pool.IsFree(pa) && written[(int)((pa - pool.BasePa) >> pool.PageShift)] == usedBefore);

        pool.Write(page, 7, 0xdead_0000);

        var v = world.Sweep(deep: true);
        Assert.Equal(Claims.PoolAccounting, v?.Claim);
        Assert.Contains($"free page 0x{page:x}", v!.Why);
        Assert.Contains("free memory must be zero", v.Why);
    }
}
