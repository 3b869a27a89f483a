using System.Runtime.InteropServices;
using Harness.Model;
using Harness.Properties.Commands;
using Harness.Properties.Invariants;
using Harness.Properties.Oracle;
using Harness.Properties.Runner;

namespace Harness.Properties.Tests;

/// <summary>
/// Runs of leaves (<see cref="LeafRun"/>): which neighbours join a run, that a run gives back every leaf
/// it holds bit for bit, that the runs a sweep and a step gather hold exactly the leaves the shadow has,
/// and that a claim still finds a bad page in the middle of a run.
/// </summary>
public sealed class LeafRunTests
{
    private const ulong TablePa = 0x10_0000;

    /// <summary>The level-3 leaf in slot <paramref name="slot"/> of a 4K table for IPA 0, with descriptor <paramref name="bits"/>.</summary>
    private static LeafView PageLeaf(int slot, ulong bits, int pageShift = 12) =>
        new((ulong)slot << pageShift, (ulong)(slot + 1) << pageShift, 3, new Descriptor(bits), TablePa + ((ulong)slot * 8));

    private static ulong Identity(int slot, Access access = Access.R | Access.W | Access.X, int pageShift = 12, ulong offset = 0) =>
        SpecEncoding.Stage2Leaf(offset + ((ulong)slot << pageShift), access, 3, pageShift);

    private static List<LeafRun> Runs(IEnumerable<LeafView> leaves, int pageShift = 12)
    {
        var runs = new List<LeafRun>();
        foreach (var l in leaves)
        {
            LeafRun.Append(runs, l, pageShift);
        }
        return runs;
    }

    private static IEnumerable<LeafView> Expand(IEnumerable<LeafRun> runs) =>
        runs.SelectMany(r => Enumerable.Range(0, r.Count).Select(r.Leaf));

    [Fact]
    public void AnIdentityMapOfConsecutivePagesIsOneRunThatGivesBackEveryLeaf()
    {
        var leaves = Enumerable.Range(4, 9).Select(i => PageLeaf(i, Identity(i))).ToList();

        var runs = Runs(leaves);

        Assert.Equal((4UL << 12, 13UL << 12, 9), (Assert.Single(runs).Start, runs[0].End, runs[0].Count));
        Assert.Equal(leaves, Expand(runs));
        Assert.Equal(leaves[^1], runs[0].Last);
    }

    [Fact]
    public void TheSameAnnotationInConsecutiveSlotsIsOneRun()
    {
        var leaves = Enumerable.Range(0, 5).Select(i => PageLeaf(i, 1UL << Descriptor.OwnerShift)).ToList();

        var runs = Runs(leaves);

        Assert.Single(runs);
        Assert.Equal(leaves, Expand(runs));
    }

    public static TheoryData<string, LeafView> Breakers => new()
    {
        { "other attributes", PageLeaf(3, Identity(3, Access.R)) },
        { "a gap of one slot", PageLeaf(4, Identity(4)) },
        { "not the next output address", PageLeaf(3, Identity(3, offset: 0x1000)) },
        { "an annotation", PageLeaf(3, 1UL << Descriptor.OwnerShift) },
        { "another level", PageLeaf(3, Identity(3)) with { Level = 2 } },
    };

    [Theory]
    [MemberData(nameof(Breakers))]
    public void ALeafThatIsNotTheNextOneStartsARunOfItsOwn(string why, LeafView next)
    {
        var leaves = Enumerable.Range(0, 3).Select(i => PageLeaf(i, Identity(i))).Append(next).ToList();

        var runs = Runs(leaves);

        Assert.True(runs.Count == 2, why);
        Assert.Equal(leaves, Expand(runs));
    }

    [Fact]
    public void ARunEndsAtTheEndOfItsTablePage()
    {
        // Slot 511 of one table page and slot 0 of the page after it: adjacent in memory, not in one table.
        var last = PageLeaf(511, Identity(511));
        var next = new LeafView(last.End, last.End + 0x1000, 3, new Descriptor(Identity(512)), TablePa + 0x1000);

        Assert.Equal(2, Runs([last, next]).Count);
    }

    [Fact]
    public void A64KRunAboveThe48BitLineKeepsItsHighAddressBits()
    {
        // Output addresses 51:48 sit in bits 15:12 with the 64K granule.
        const ulong high = 1UL << 48;
        var leaves = Enumerable.Range(0, 4).Select(i => PageLeaf(i, Identity(i, pageShift: 16, offset: high), pageShift: 16)).ToList();

        var runs = Runs(leaves, pageShift: 16);

        Assert.Single(runs);
        Assert.Equal(leaves, Expand(runs));
        Assert.Equal(high + (3UL << 16), runs[0].Last.Pte.OutputAddress(16));
    }

    [Fact]
    public void ARunStopsWhereTheNextOutputAddressWouldLeaveTheAddressField()
    {
        // The page below 2^48 and the one at 2^48: one more step would carry out of bits 47:16.
        var below = PageLeaf(0, Identity(0, pageShift: 16, offset: (1UL << 48) - 0x1_0000), pageShift: 16);
        var at = PageLeaf(1, Identity(0, pageShift: 16, offset: 1UL << 48), pageShift: 16);

        var runs = Runs([below, at], pageShift: 16);

        Assert.Equal(2, runs.Count);
        Assert.Equal([below, at], Expand(runs));
    }

    /// <summary>Every leaf of the shadow, one by one, as the old per-leaf walk listed them.</summary>
    private static List<LeafView> Leaves(TableShadow shadow, bool hyp)
    {
        var leaves = new List<LeafView>();
        ShadowLeaves.Collect(shadow, hyp, 0, ulong.MaxValue, leaves);
        return leaves;
    }

    /// <summary>The leaves of the slots the step wrote, in write order, read from the shadow's list of written slots.</summary>
    private static List<LeafView> WrittenLeaves(TableShadow shadow, bool hyp)
    {
        var leaves = new List<LeafView>();
        foreach (var (pageIndex, index) in shadow.WrittenSlots)
        {
            var page = shadow.TouchedPages[pageIndex];
            var d = new Descriptor(page.Entries[index]);
            if (page.IsHyp == hyp && page.Attached && d.Bits != 0 && !d.IsTable(page.Level))
            {
                var start = page.SlotStart(index);
                leaves.Add(new LeafView(start, start + page.SlotSize, page.Level, d, page.SlotAddress(index)));
            }
        }
        return leaves;
    }

    [Theory]
    [InlineData(Layer.Stage2)]
    [InlineData(Layer.Host)]
    public void TheRunsOfASweepAndOfEachStepHoldExactlyTheShadowsLeaves(Layer layer)
    {
        var workload = Workload.Of(ConfigSpace.Swarm(layer), new RunOptions(Seed: 7, MaxTests: 60));
        var steps = 0;
        var runsLongerThanOne = 0;
        foreach (var t in workload.Cases)
        {
            var settings = RunSettings.Default with
            {
                AfterStep = (_, w) =>
                {
                    var scope = Scope.Touched(w.Shadow!, w.ModelPages.Changed);
                    foreach (var hyp in new[] { false, true })
                    {
                        var runs = scope.LeafRuns(hyp).ToArray();
                        Assert.Equal(WrittenLeaves(w.Shadow!, hyp), Expand(runs));
                        runsLongerThanOne += runs.Count(r => r.Count > 1);
                    }
                    steps++;
                },
            };
            var x = Execution.Run(t.Config, t.Commands, settings);
            using var world = x.World;
            Assert.Null(x.Violation);
            var all = Scope.Everything(world.Shadow!);
            Assert.Equal(Leaves(world.Shadow!, hyp: false), Expand(all.LeafRuns(hyp: false).ToArray()));
            Assert.Equal(Leaves(world.Shadow!, hyp: true), Expand(all.LeafRuns(hyp: true).ToArray()));
        }
        // Not vacuous: the steps wrote runs of more than one leaf.
        Assert.True(steps > 100 && runsLongerThanOne > 10, $"{steps} steps, {runsLongerThanOne} runs of more than one leaf");
    }

    [Fact]
    public void HostIsolationFindsTheOnePageARunMapsThatTheHostNoLongerOwns()
    {
        // A donated page splits its 2 MiB block into pages; three faults after it map three pages in a row.
        const ulong p = 0x4020_0000;
        var x = Execution.Run(HarnessConfig.HostDefault, [new Donate(p, 0x1000), new Fault(p + 0x1000), new Fault(p + 0x2000), new Fault(p + 0x3000)]);
        using var world = x.World;
        Assert.Null(x.Violation);
        Assert.Contains(Scope.Everything(world.Shadow!).LeafRuns(hyp: false).ToArray(), r => r.Start <= p + 0x1000 && r.End >= p + 0x4000 && r.Count >= 3);

        // The model alone moves the middle page to the hypervisor: the table still maps it.
        world.ModelPages.Set(p + 0x2000, p + 0x3000, PageState.OwnedBy(1));

        var v = new HostIsolation().Check(world, Scope.Everything(world.Shadow!));
        Assert.NotNull(v);
        Assert.Equal(p + 0x2000, v.Page);
        Assert.Equal(new Descriptor(SpecEncoding.Stage2Leaf(p + 0x2000, Access.R | Access.W | Access.X, 3, 12)).ToString(), v.Actual);
    }
}
