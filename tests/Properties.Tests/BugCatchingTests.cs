using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Harness.Implementation;
using Harness.Properties.Commands;
using Harness.Properties.Invariants;
using Harness.Properties.Report;
using Harness.Properties.Runner;
using Harness.Properties.Tests.Approval;
using Harness.Properties.Trace;

namespace Harness.Properties.Tests;

/// <summary>
/// Each deliberate bug of <see cref="BugTable"/>, switched on alone, is caught by a default-budget campaign
/// in its home configuration with a fixed seed, by the claim the table names, and shrunk to the minimal
/// length the table states. Invariants that never catch a bug first are shown alone on a hand-written
/// sequence, so every claim of the catalogue has a bug it catches.
/// </summary>
public class BugCatchingTests(ITestOutputHelper output)
{
    private const ulong Seed = 42;

    public static TheoryData<Bug> Bugs() => [.. BugTable.All.Select(r => r.Bug)];

    // The campaign of the bug's home catches it by its claim, shrunk to its minimal length; its report is
    // approved in BugReports/ and its trace is the bug's regression trace.
    [Theory]
    [MemberData(nameof(Bugs))]
    public void Caught(Bug bug)
    {
        var row = BugTable.For(bug);
        var result = Campaign.Run(BugTable.HomeOf(bug), new RunOptions(Seed, MaxTests: 200));
        Assert.NotNull(result.Counterexample);
        var ce = result.Counterexample;
        var report = CounterexampleReport.Format(ce);
        output.WriteLine($"{bug}: {ce.TestsToFailure} tests to failure, {ce.Shrinks} shrinks, {ce.OriginalLength} -> {ce.Commands.Count} commands");
        output.WriteLine(report);
        Assert.Equal(row.Claim, ce.Violation.Claim);
        Assert.Equal(row.Minimal, ce.Commands.Count);
        Approver.VerifyIn(ReportFolder(), $"{nameof(BugCatchingTests)}.{bug}", report);
        Approver.VerifyFile(RegressionTracePath(bug), CounterexampleTrace.Text(ce));
    }

    // The v5.13 hazard, the page-sized-annotations fix left out (spec 5.3.3): splitting or clearing a block
    // annotation hands the rest of the block back to the host. Minimal: a set_owner that writes a block
    // annotation, then a command over one of its pages.
    [Fact]
    public void OwnershipAgreesWithModel_Catches_V513BlockAnnotations()
    {
        var result = Campaign.Run(HarnessConfig.Stage2Default with { Fixes = Fix.None }, new RunOptions(Seed, MaxTests: 200));
        Assert.NotNull(result.Counterexample);
        output.WriteLine(CounterexampleReport.Format(result.Counterexample));
        Assert.Equal(new OwnershipAgreesWithModel().Name, result.Counterexample.Violation.Claim);
        Assert.Equal(2, result.Counterexample.Commands.Count);
        Approver.VerifyIn(ReportFolder(), $"{nameof(BugCatchingTests)}.V513BlockAnnotations", CounterexampleReport.Format(result.Counterexample));
    }

    // Every bug of the enum has a row, and every claim of the catalogue catches some bug: first in a
    // campaign (a row's claim) or alone (a test below).
    [Fact]
    public void EveryBugHasARow_AndEveryClaimCatchesABug()
    {
        Assert.Equal(Enum.GetValues<Bug>().Where(b => b != Bug.None).Order(), BugTable.All.Select(r => r.Bug).Order());
        var shownAlone = new[] { "NoUseAfterFree", "HostIsolation", "IdentityMapping", "HostAttributes", "AnnotationsInMemoryOnly", "HypMapsOnlyDonatedPages", "TablesFreedAfterInvalidation", "WritesInsideWalk" };
        foreach (var invariant in Catalogue.All)
        {
            Assert.True(BugTable.All.Any(r => r.Claim == invariant.Name) || shownAlone.Contains(invariant.GetType().Name), $"{invariant.GetType().Name} catches no bug");
        }
    }

    // The second root page starts at count 0: an annotation there takes it to 1, and its unmap drops the tail page to 0 (a free the kernel would botch).
    [Fact]
    public void NoUseAfterFree_Catches_RootTailRefcount() =>
        Alone(new NoUseAfterFree(), BugTable.HomeOf(Bug.RootTailRefcount),
            [new SetOwner(0x80_0000_0000, 0x1000, 1), new Unmap(0x80_0000_0000, 0x1000)]);

    // A fault maps the page, then a donation keeps the valid leaf.
    [Fact]
    public void HostIsolation_Catches_SetOwnerKeepsValidMapping() =>
        Alone(new HostIsolation(), HarnessConfig.HostDefault.WithBugs(Bug.SetOwnerKeepsValidMapping),
            [new Fault(0x8030_0000), new Donate(0x8030_0000, 0x1000)]);

    // A 2 MiB block then one page: the page's output address is one block too low.
    [Fact]
    public void IdentityMapping_Catches_PhysAdvancedByPage() =>
        Alone(new IdentityMapping(), BugTable.HomeOf(Bug.PhysAdvancedByPage), [new Map(0, 0x20_1000, 0, Prot.Rwx)]);

    // One fault at the first MMIO page after a region picks a level-1 block over the next region; run
    // without the fault's postcondition (which names the wrong block first), the leaf crosses the gap.
    [Fact]
    public void HostAttributes_Catches_IdmapCrossesRegion() =>
        AloneWithoutPostcondition(new HostAttributes(), BugTable.HomeOf(Bug.IdmapCrossesRegion), new Fault(0x8000_0000));

    // A donation of an MMIO page, run without its postcondition: the annotation lands in MMIO.
    [Fact]
    public void AnnotationsInMemoryOnly_Catches_DonateSkipsRegionCheck() =>
        AloneWithoutPostcondition(new AnnotationsInMemoryOnly(), BugTable.HomeOf(Bug.DonateSkipsRegionCheck), new Donate(0, 0x1000));

    // The same donation with the hypervisor's stage 1: it now maps a page the model never gave it.
    [Fact]
    public void HypMapsOnlyDonatedPages_Catches_DonateSkipsRegionCheck() =>
        AloneWithoutPostcondition(new HypMapsOnlyDonatedPages(), BugTable.HomeOf(Bug.DonateSkipsRegionCheck) with { Fixes = HarnessConfig.CampaignFixes | Fix.DonateMapsHyp }, new Donate(0, 0x1000));

    // A page map creates tables, its unmap frees the level-3 table without any tlbi.
    [Fact]
    public void TablesFreedAfterInvalidation_Catches_UnmapTableWithoutTlbi() =>
        Alone(new TablesFreedAfterInvalidation(), BugTable.HomeOf(Bug.UnmapTableWithoutTlbi),
            [new Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx), new Unmap(0x4000_0000, 0x1000)]);

    // Same, with a level hint that only covers leaves.
    [Fact]
    public void TablesFreedAfterInvalidation_Catches_UnmapTableTlbiWithLevelHint() =>
        Alone(new TablesFreedAfterInvalidation(), BugTable.HomeOf(Bug.UnmapTableTlbiWithLevelHint),
            [new Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx), new Unmap(0x4000_0000, 0x1000)]);

    // An annotation of owner 0 creates a table at the next 2 MiB without changing any page's owner; an unmap
    // ending before it clears the table's only entry and frees it: no page changes state, so the ownership
    // claim sees nothing, and the write outside the walk is what is wrong.
    [Fact]
    public void WritesInsideWalk_Catches_UnmapClearsNeighbour()
    {
        Command[] commands = [new SetOwner(0x4040_0000, 0x1000, 0), new Unmap(0x4000_2000, 0x20_0000)];
        Alone(new WritesInsideWalk(), BugTable.HomeOf(Bug.UnmapClearsNeighbour), commands);
        Holds(new OwnershipAgreesWithModel(), BugTable.HomeOf(Bug.UnmapClearsNeighbour), commands);
    }

    // A bug breaks only what its description says, so the claim that catches it is the right one.

    // NoPutOnValidUpdate drops only the reference: the valid-to-valid update (Normal to Device) still breaks before it makes.
    [Fact]
    public void BreakBeforeMake_HoldsUnder_NoPutOnValidUpdate() =>
        Holds(new BreakBeforeMake(), BugTable.HomeOf(Bug.NoPutOnValidUpdate),
            [new Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rw), new Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rw | Prot.Device)]);

    // SetOwnerKeepsValidMapping spares valid leaves from set_owner only: a map over a valid leaf still updates it.
    [Fact]
    public void OwnershipAgreesWithModel_HoldsUnder_SetOwnerKeepsValidMapping_ForMaps() =>
        Holds(new OwnershipAgreesWithModel(), BugTable.HomeOf(Bug.SetOwnerKeepsValidMapping),
            [new Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rw), new Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rw | Prot.Device)]);

    /// <summary><c>tests/regressions/bug-&lt;kebab-name&gt;.trace</c>: the shrunk counterexample of <paramref name="bug"/>.</summary>
    public static string RegressionTracePath(Bug bug) =>
        Path.Combine(RepoPaths.Regressions, "bug-" + Regex.Replace(bug.ToString(), "(?<=[a-z])(?=[A-Z0-9])|(?<=[0-9])(?=[A-Z][a-z])", "-").ToLowerInvariant() + ".trace");

    private static string ReportFolder([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "BugReports");

    /// <summary>
    /// Runs <paramref name="command"/> on the backend only (the postcondition would report the refused
    /// result first) and shows <paramref name="invariant"/> alone sees the damage; without the bug the
    /// command is refused and the invariant holds.
    /// </summary>
    private static void AloneWithoutPostcondition(IInvariant invariant, HarnessConfig config, Command command)
    {
        foreach (var (bugs, caught) in new[] { (config.Bugs, true), (Bug.None, false) })
        {
            using var world = World.Checked(config.WithBugs(bugs));
            var e = command.Step(world);
            world.BeginStep(command, command.AllowedWrites(world, e));
            command.Run(world);
            var v = invariant.Check(world, Oracle.Scope.Everything(world.Shadow!));
            Assert.Equal(caught ? invariant.Name : null, v?.Claim);
        }
    }

    /// <summary><paramref name="commands"/> with only <paramref name="invariant"/> checked: it, and nothing earlier, reports the bug; without the bug the sequence passes every claim.</summary>
    private void Alone(IInvariant invariant, HarnessConfig config, Command[] commands)
    {
        var x = RunAlone(invariant, config, commands);
        Assert.Equal(invariant.Name, x.Violation?.Claim);
        Assert.Equal(commands.Length - 1, x.FailedAt);
        Assert.Null(Execution.Run(config.WithBugs(Bug.None), commands).Violation);
    }

    private void Holds(IInvariant invariant, HarnessConfig config, Command[] commands) =>
        Assert.Null(RunAlone(invariant, config, commands).Violation);

    private Execution RunAlone(IInvariant invariant, HarnessConfig config, Command[] commands)
    {
        var x = Execution.Run(config, commands, new RunSettings { Only = [invariant] });
        output.WriteLine(x.Violation?.ToString() ?? "no violation");
        return x;
    }
}
