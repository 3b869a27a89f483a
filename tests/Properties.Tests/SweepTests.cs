using Harness.Implementation;
using Harness.Properties.Backends.Port;
using Harness.Properties.Commands;
using Harness.Properties.Oracle;
using Harness.Properties.Runner;

namespace Harness.Properties.Tests;

/// <summary>
/// The sweep's claim that table memory is exactly what the logged writes left: a descriptor written behind
/// the log is found wherever it is, among the slots the log filled or past the last of them (where the
/// sweep reads memory alone, the shadow being zero there), and the slot is named.
/// </summary>
public sealed class SweepTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(300)]
    [InlineData(511)]
    public void ATableWrittenBehindTheLogIsFound(int slot)
    {
        var x = Execution.Run(HarnessConfig.Stage2Default, [new Map(0x4000_0000, 0x2000, 0x4000_0000, Prot.Rwx)]);
        using var world = x.World;
        Assert.Null(x.Violation);
        var leaves = new List<LeafView>();
        ShadowLeaves.Collect(world.Shadow!, hyp: false, 0x4000_0000, 0x4000_1000, leaves);
        var table = Assert.Single(leaves).SlotPa;
        Assert.Equal(2, world.Shadow!.PageAt(table)!.HighWater);
        Assert.Null(world.Sweep(deep: false));

        ((PortStage2)((Stage2World)world).Sut).Port.Pool.Write(table, slot, 0x4000_0000_0000_0443);

        var v = world.Sweep(deep: false);
        Assert.Equal(Claims.LogComplete, v?.Claim);
        Assert.Contains($"the L3 slot at 0x{table + ((ulong)slot * 8):x} holds 0x4000000000000443", v!.Why);
    }
}
