using Harness.Model;
using Harness.Properties.Commands;
using Harness.Properties.Invariants;
using Harness.Properties.Oracle;
using Harness.Properties.Runner;

namespace Harness.Properties.Tests;

/// <summary>
/// Runs of leaves (<see cref="LeafRun"/>): which neighbours join a run, that a run gives back every leaf
/// it holds bit for bit, that the runs a sweep and a step gather hold exactly the leaves the shadow has,
/// that the ownership claim finds the same difference from a sweep's runs as from a walk of the shadow,
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

    private static IEnumerable<LeafView> Expand(IEnumerable<LeafRun> runs) =>
        runs.SelectMany(r => Enumerable.Range(0, r.Count).Select(r.Leaf));

    private static bool Follows(ulong previous, ulong bits, int pageShift = 12, ulong slotSize = 0x1000) =>
        LeafRun.Follows(previous, bits, new Descriptor(previous).IsValid ? slotSize : 0, Descriptor.AddressBits(pageShift));

    [Fact]
    public void AnIdentityMapOfConsecutivePagesIsOneRunThatGivesBackEveryLeaf()
    {
        var leaves = Enumerable.Range(4, 9).Select(i => PageLeaf(i, Identity(i))).ToList();
        Assert.All(leaves.Skip(1), (l, k) => Assert.True(Follows(leaves[k].Pte.Bits, l.Pte.Bits)));

        var run = new LeafRun(leaves[0], leaves.Count, 12);

        Assert.Equal((4UL << 12, 13UL << 12), (run.Start, run.End));
        Assert.Equal(leaves, Expand([run]));
        Assert.Equal(leaves[^1], run.Last);
    }

    [Fact]
    public void TheSameAnnotationFollowsItselfAndGivesBackEveryLeaf()
    {
        const ulong annotation = 1UL << Descriptor.OwnerShift;
        var leaves = Enumerable.Range(0, 5).Select(i => PageLeaf(i, annotation)).ToList();

        Assert.True(Follows(annotation, annotation));
        Assert.Equal(leaves, Expand([new LeafRun(leaves[0], 5, 12)]));
    }

    public static TheoryData<string, ulong, ulong> Breakers => new()
    {
        { "other attributes", Identity(2), Identity(3, Access.R) },
        { "not the next output address", Identity(2), Identity(3, offset: 0x1000) },
        { "the same output address", Identity(2), Identity(2) },
        { "an annotation after a mapping", Identity(2), 1UL << Descriptor.OwnerShift },
        { "a mapping after an annotation", 1UL << Descriptor.OwnerShift, Identity(3) },
        { "another owner", 1UL << Descriptor.OwnerShift, 2UL << Descriptor.OwnerShift },
        { "an empty slot", Identity(2), 0 },
    };

    [Theory]
    [MemberData(nameof(Breakers))]
    public void ALeafThatIsNotTheNextOneDoesNotFollow(string why, ulong previous, ulong next) =>
        Assert.False(Follows(previous, next), why);

    [Fact]
    public void A64KRunAboveThe48BitLineKeepsItsHighAddressBits()
    {
        // Output addresses 51:48 sit in bits 15:12 with the 64K granule.
        const ulong high = 1UL << 48;
        var leaves = Enumerable.Range(0, 4).Select(i => PageLeaf(i, Identity(i, pageShift: 16, offset: high), pageShift: 16)).ToList();
        Assert.All(leaves.Skip(1), (l, k) => Assert.True(Follows(leaves[k].Pte.Bits, l.Pte.Bits, 16, 0x1_0000)));

        var run = new LeafRun(leaves[0], 4, 16);

        Assert.Equal(leaves, Expand([run]));
        Assert.Equal(high + (3UL << 16), run.Last.Pte.OutputAddress(16));
    }

    [Fact]
    public void ARunStopsWhereTheNextOutputAddressWouldLeaveTheAddressField()
    {
        // The page below 2^48 and the one at 2^48: the step between them carries out of bits 47:16.
        var below = Identity(0, pageShift: 16, offset: (1UL << 48) - 0x1_0000);
        var at = Identity(0, pageShift: 16, offset: 1UL << 48);

        Assert.False(Follows(below, at, 16, 0x1_0000));
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
        foreach (var (pageIndex, first, count, _) in shadow.WrittenSlots)
        {
            var page = shadow.TouchedPages[pageIndex];
            for (var index = first; index < first + count; index++)
            {
                var d = new Descriptor(page.Entries[index]);
                if (page.IsHyp == hyp && page.Attached && d.Bits != 0 && !d.IsTable(page.Level))
                {
                    var start = page.SlotStart(index);
                    leaves.Add(new LeafView(start, start + page.SlotSize, page.Level, d, page.SlotAddress(index)));
                }
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
            OwnershipFromRunsAgreesWithTheWalk(world);
        }
        // Not vacuous: the steps wrote runs of more than one leaf.
        Assert.True(steps > 100 && runsLongerThanOne > 10, $"{steps} steps, {runsLongerThanOne} runs of more than one leaf");
    }

    /// <summary>
    /// The ownership claim compares a sweep's runs with the model, a step's ranges through a walk of the
    /// shadow: both must name the same first difference. The model is spoiled page by page (a page in
    /// the middle of each run, and the page after it) and mended again, one page at a time.
    /// </summary>
    private static void OwnershipFromRunsAgreesWithTheWalk(World world)
    {
        var shadow = world.Shadow!;
        var limit = shadow.Geometry.Limit;
        var pageSize = shadow.Geometry.PageSize;
        var runs = Scope.Everything(shadow).LeafRuns(hyp: false).ToArray();
        Assert.Equal(ObservedPages.FirstDifference(shadow, world.ModelPages, 0, limit), ObservedPages.FirstDifference(runs, world.ModelPages, limit));
        foreach (var run in runs.Take(8))
        {
            foreach (var page in new[] { run.Start + (run.End - run.Start) / 2 / pageSize * pageSize, run.End })
            {
                if (page >= limit)
                {
                    continue;
                }
                var was = world.ModelPages[page];
                world.ModelPages.Set(page, page + pageSize, PageState.OwnedBy(2));
                var found = ObservedPages.FirstDifference(runs, world.ModelPages, limit);
                Assert.Equal(ObservedPages.FirstDifference(shadow, world.ModelPages, 0, limit), found);
                Assert.Equal(page, found?.Page);
                world.ModelPages.Set(page, page + pageSize, was);
            }
        }
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

    /// <summary>Where a run ends, by its definition: the first slot that does not follow the one before it.</summary>
    private static int RunEndByDefinition(ulong[] entries, int first, int last, ulong slotSize, int pageShift)
    {
        var step = new Descriptor(entries[first]).IsValid ? slotSize : 0;
        var end = first + 1;
        while (end < last && LeafRun.Follows(entries[end - 1], entries[end], step, Descriptor.AddressBits(pageShift)))
        {
            end++;
        }
        return end;
    }

    // ShadowPage.RunEnd compares four slots at a time and repeated annotations with a vector search: on
    // pages built of runs of every kind (mappings and annotations, runs broken by an attribute, a gap, an
    // output address carried past bit 48, a 64K address in bits 12-15), it ends every run where the
    // definition does, from every slot and up to every bound.
    [Theory]
    [InlineData(12, 3)]
    [InlineData(12, 2)]
    [InlineData(16, 3)]
    public void RunEnd_EndsWhereTheDefinitionDoes(int pageShift, int level)
    {
        var rnd = new Random(pageShift * 10 + level);
        var slotShift = ((pageShift - 3) * (3 - level)) + pageShift;
        var slotSize = 1UL << slotShift;
        var entries = new ulong[1 << (pageShift - 3)];
        for (var i = 0; i < entries.Length;)
        {
            var length = rnd.Next(1, 40);
            var kind = rnd.Next(6);
            var head = kind switch
            {
                0 => (ulong)(rnd.Next(1, 16)) << Descriptor.OwnerShift,
                1 => 0UL,
                // Output addresses just below 2^48 (and 2^52 with 64K), so some runs carry out of the field.
                2 => SpecEncoding.Stage2Leaf((1UL << 48) - ((ulong)rnd.Next(1, 8) * slotSize), Access.R | Access.W, level, pageShift),
                _ => SpecEncoding.Stage2Leaf((ulong)rnd.Next(0, 1 << 20) << pageShift & ~(slotSize - 1), (Access)rnd.Next(1, 8), level, pageShift),
            };
            var step = new Descriptor(head).IsValid ? slotSize : 0;
            for (var k = 0; k < length && i < entries.Length; k++, i++)
            {
                entries[i] = head + ((ulong)k * step);
                if (rnd.Next(30) == 0)
                {
                    entries[i] ^= 1UL << rnd.Next(2, 64);
                }
            }
        }
        var page = new ShadowPage(TablePa, level, 0, false, slotShift, entries);
        for (var first = 0; first < entries.Length; first++)
        {
            foreach (var last in new[] { entries.Length, Math.Min(entries.Length, first + 1 + rnd.Next(0, 70)) })
            {
                Assert.Equal(RunEndByDefinition(entries, first, last, slotSize, pageShift), page.RunEnd(first, last, pageShift));
            }
        }
    }
}
