using Harness.Implementation;
using Harness.Properties.Commands;
using Harness.Properties.Invariants;
using Harness.Properties.Oracle;
using Harness.Properties.Runner;

namespace Harness.Properties.Tests;

/// <summary>
/// How the world hands writes to watchers: <c>OnWrite</c> for every write, but only to a watcher that
/// overrides it; <c>OnClear</c> for each write that clears a valid descriptor, to every watcher.
/// </summary>
public sealed class WatcherDispatchTests
{
    // Map two pages, then unmap them: writes that link tables, make leaves and clear them.
    private static readonly Command[] MapThenUnmap = [new Map(0x4000_0000, 0x2000, 0x4000_0000, Prot.Rwx), new Unmap(0x4000_0000, 0x2000)];

    [Fact]
    public void AWatcherOfEveryWriteSeesEachWriteAndEachClear()
    {
        var watcher = RunWith<EveryWrite>(out var writes, out var clears);
        Assert.Equal(writes, watcher.Writes);
        Assert.Equal(clears, watcher.Clears);
        Assert.True(watcher.Clears is > 0 and var c && c < watcher.Writes, "the commands both clear and make descriptors");
    }

    [Fact]
    public void AWatcherOfClearsOnlySeesNoOtherWrite()
    {
        var watcher = RunWith<ClearsOnly>(out _, out var clears);
        Assert.False(watcher.WantsEveryWrite);
        Assert.Equal(clears, watcher.Clears);
        Assert.True(watcher.Clears > 0);
    }

    /// <summary>Runs the commands with a counting watcher alone; the world's own counts of writes and clears come out beside it.</summary>
    private static T RunWith<T>(out int writes, out int clears)
        where T : CountingWatcher, new()
    {
        var counting = new Counting<T>();
        var x = Execution.Run(HarnessConfig.Stage2Default, MapThenUnmap, new RunSettings { Only = [counting] });
        using var world = x.World;
        Assert.Null(x.Violation);
        (writes, clears) = (counting.StatsWrites, counting.StatsClears);
        return counting.Watcher!;
    }

    /// <summary>An invariant that only counts, and takes the world's own count of writes and clears at the end of each step.</summary>
    private sealed class Counting<T> : IInvariant
        where T : CountingWatcher, new()
    {
        public string Name => "counting";

        public T? Watcher { get; private set; }

        public int StatsWrites { get; private set; }

        public int StatsClears { get; private set; }

        public StepWatcher Watch(World w)
        {
            Watcher = new T();
            Watcher.Stepped = () =>
            {
                StatsWrites += w.Stats.Writes;
                StatsClears += w.Stats.Clears;
            };
            return Watcher;
        }
    }

    private abstract class CountingWatcher : StepWatcher
    {
        public int Writes { get; protected set; }

        public int Clears { get; private set; }

        public Action? Stepped { get; set; }

        public override void OnClear(in WriteContext write)
        {
            Assert.True(write.ClearsValid);
            Clears++;
        }

        public override Violation? EndStep()
        {
            Stepped?.Invoke();
            return null;
        }
    }

    private sealed class EveryWrite : CountingWatcher
    {
        public override void OnWrite(in WriteContext write) => Writes++;
    }

    private sealed class ClearsOnly : CountingWatcher
    {
    }
}
