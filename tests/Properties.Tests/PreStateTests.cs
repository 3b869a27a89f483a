using Harness.Model;
using Harness.Properties.Oracle;
using Harness.Properties.Runner;

namespace Harness.Properties.Tests;

/// <summary>
/// Where the oracle predicts a map stops with -EAGAIN (<see cref="PreState.MapStop"/>, spec 5.3.1): it
/// passes runs of empty slots at once, and must stop exactly where a walk of the rule slot by slot does,
/// on the tables a stage-2 campaign builds, for maps of every kind over them.
/// </summary>
public sealed class PreStateTests
{
    [Fact]
    public void MapStop_StopsWhereTheSlotBySlotRuleDoes()
    {
        var rnd = new Random(5);
        var (compared, stopped, stoppedFurther) = (0, 0, 0);
        foreach (var test in Workload.Of(ConfigSpace.Swarm(Layer.Stage2), new RunOptions(3, 150)).Cases)
        {
            var x = Execution.Run(test.Config, test.Commands);
            using var world = x.World;
            var shadow = world.Shadow!;
            if (shadow.Roots.Count == 0)
            {
                // No root could be allocated: the map itself is refused, and MapStop is not asked.
                continue;
            }
            var geo = shadow.Geometry;
            var leaves = new List<LeafView>();
            ShadowLeaves.Collect(shadow, hyp: false, 0, geo.Limit, leaves);
            var valid = leaves.Where(l => l.Pte.IsValid).ToList();
            for (var k = 0; k < 40; k++)
            {
                var (walk, phys, access) = valid.Count > 0 && rnd.Next(3) > 0 ? Onto(valid[rnd.Next(valid.Count)], geo, rnd) : Anywhere(geo, rnd);
                var expected = MapStopSlotBySlot(shadow, walk, phys, access);
                Assert.Equal(expected, PreState.MapStop(shadow, walk, phys, access));
                compared++;
                stopped += expected is null ? 0 : 1;
                stoppedFurther += expected > walk.Start ? 1 : 0;
            }
        }
        // Not vacuous: many maps stop, many of those past slots they pass, and many run to their end.
        Assert.True(stopped > compared / 10, $"{stopped} of {compared} maps stop");
        Assert.True(stoppedFurther > stopped / 4, $"{stoppedFurther} of {stopped} maps stop past their first page");
        Assert.True(stopped < compared * 9 / 10, $"{stopped} of {compared} maps stop");
    }

    /// <summary>A map that reaches <paramref name="leaf"/> with its own output address and access, from up to 64 pages before it: where it must stop, if nothing before stops it.</summary>
    private static (PageRange, ulong, Access) Onto(LeafView leaf, SpecGeometry geo, Random rnd)
    {
        var before = (ulong)rnd.Next(0, 64) * geo.PageSize;
        var start = leaf.Start >= before ? leaf.Start - before : 0;
        var end = Math.Min(geo.Limit, leaf.End + ((ulong)rnd.Next(0, 64) * geo.PageSize));
        var oa = leaf.Pte.OutputAddress(geo.PageShift);
        var phys = oa >= leaf.Start - start ? oa - (leaf.Start - start) : oa;
        return (new PageRange(start, end), phys, SpecEncoding.AccessOf(leaf.Pte));
    }

    private static (PageRange, ulong, Access) Anywhere(SpecGeometry geo, Random rnd)
    {
        var pages = geo.Limit / geo.PageSize;
        var start = (ulong)rnd.NextInt64((long)pages) * geo.PageSize;
        var end = Math.Min(geo.Limit, start + ((ulong)rnd.NextInt64(1, 1L << 20) * geo.PageSize));
        return (new PageRange(start, end), rnd.Next(2) == 0 ? start : (ulong)rnd.NextInt64(1L << 30) * geo.PageSize, (Access)rnd.Next(1, 16));
    }

    /// <summary>Spec 5.3.1 one slot at a time: the definition <see cref="PreState.MapStop"/> must agree with.</summary>
    private static ulong? MapStopSlotBySlot(TableShadow shadow, PageRange walk, ulong phys, Access access)
    {
        var geo = shadow.Geometry;
        var (pos, pa) = (walk.Start, phys & ~(geo.PageSize - 1));
        while (pos < walk.End && pos >= walk.Start)
        {
            var page = shadow.Roots[geo.RootIndex(pos)];
            while (true)
            {
                var level = page.Level;
                var size = geo.Size(level);
                var old = new Descriptor(page.Entries[geo.Index(pos, level)]);
                var fits = geo.LeafAllowed(level) && size <= walk.End - pos && (pos & (size - 1)) == 0 && (pa & (size - 1)) == 0;
                ulong next;
                if (old.IsTable(level))
                {
                    if (!fits && shadow.PageAt(old.OutputAddress(geo.PageShift)) is { } child)
                    {
                        page = child;
                        continue;
                    }
                    // Replaced whole by the new block.
                    next = pos + size;
                }
                else if (fits)
                {
                    if (old.IsValid && ((old.Bits ^ SpecEncoding.Stage2Leaf(pa, access, level, geo.PageShift)) & ~Descriptor.PermissionBits) == 0)
                    {
                        return pos;
                    }
                    next = pos + size;
                }
                else
                {
                    // A leaf that cannot hold the new one is split into an empty table: on to the slot's end.
                    next = Math.Min((pos & ~(size - 1)) + size, walk.End);
                }
                pa += next - pos;
                pos = next;
                break;
            }
        }
        return null;
    }
}
