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
        var counting = new Counting<EveryWrite>();
        var x = Execution.Run(HarnessConfig.Stage2Default, MapThenUnmap, new RunSettings { Only = [counting] });
        using var world = x.World;
        Assert.Null(x.Violation);
        Assert.Equal(counting.StatsWrites, counting.Watcher!.Writes);
        Assert.Equal(counting.StatsClears, counting.Watcher.Clears);
        Assert.True(counting.Watcher.Clears is > 0 and var c && c < counting.Watcher.Writes, "the commands both clear and make descriptors");
    }

    [Fact]
    public void AWatcherOfClearsOnlySeesNoOtherWrite()
    {
        var counting = new Counting<ClearsOnly>();
        var x = Execution.Run(HarnessConfig.Stage2Default, MapThenUnmap, new RunSettings { Only = [counting] });
        using var world = x.World;
        Assert.Null(x.Violation);
        Assert.False(counting.Watcher!.WantsEveryWrite);
        Assert.Equal(counting.StatsClears, counting.Watcher.Clears);
        Assert.True(counting.Watcher.Clears > 0);
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
