using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Harness.Implementation;
using Harness.Properties;
using Harness.Properties.Commands;
using Harness.Properties.Invariants;
using Harness.Properties.Report;
using Harness.Properties.Runner;
using Harness.Properties.Tests.Approval;
using Harness.Properties.Trace;

namespace Harness.Properties.Tests;

/// <summary>
/// Each deliberate bug of <see cref="BugCatalogue"/>, switched on alone, is caught by a default-budget
/// campaign with a fixed seed, by the expected claim, and shrunk to the minimal failing sequence.
/// Invariants that never catch a bug first are shown alone on a hand-written sequence.
/// </summary>
public class BugCatchingTests(ITestOutputHelper output)
{
    private const ulong Seed = 42;

    /// <summary>The claim of a postcondition (the result the model allows) rather than an invariant.</summary>
    private const string Result = "result";

    /// <summary>Where each bug is measured, the claim that catches it and the minimal length; docs/bugs.md lists the same.</summary>
    public static IReadOnlyList<(Bug Bug, string Claim, int Minimal)> Cases { get; } =
    [
        // 1: one set_owner writes an annotation that takes no reference.
        (Bug.RefcountValidOnly, new RefcountConsistency().Name, 1),
        // 2: a map, then a set_owner over it that keeps the valid leaf.
        (Bug.SetOwnerKeepsValidMapping, new OwnershipAgreesWithModel().Name, 2),
        // 2: a map that writes a block, then a map inside it that splits it (break without tlbi).
        (Bug.NoTlbiOnBreakBeforeMake, new BreakBeforeMake().Name, 2),
        // 2: a map, then a map of the same page with other attributes (valid-to-valid update).
        (Bug.NoPutOnValidUpdate, new RefcountConsistency().Name, 2),
        // 2: a set_owner that creates a table holding one annotation, then an unmap elsewhere in that table.
        (Bug.UnmapFreesAnnotatedTable, new PoolAccounting().Name, 2),
        // 1: one set_owner writes the malformed annotation.
        (Bug.OwnerIdWrongBits, new WellFormedLeaves().Name, 1),
        // 2: a donation, then a fault on the donated page that the model refuses (-EEXIST).
        (Bug.IdmapIgnoresAnnotations, Result, 2),
        // 1: one fault at the base of an MMIO gap that is not aligned to the block picked.
        (Bug.IdmapCrossesRegion, new HostAttributes().Name, 1),
        // 2: a set_owner, then an unmap of the annotated page.
        (Bug.UnmapSkipsAnnotations, new OwnershipAgreesWithModel().Name, 2),
        // 1: any map or set_owner visits the slot at its end and fails with -EINVAL.
        (Bug.WalkEndOffByOne, Result, 1),
        // 1: one map of a whole level-0 entry (4K granule, 48-bit IPA: level 0 allows no blocks).
        (Bug.BlockAtForbiddenLevel, new WellFormedLeaves().Name, 1),
        // 1: one map of a block followed by more pages, which land one block too low.
        (Bug.PhysAdvancedByPage, new OwnershipAgreesWithModel().Name, 1),
        // 2: a map that creates a table, then a map that replaces it by a block.
        (Bug.AnchorLeaksSubtree, new PoolAccounting().Name, 2),
        // 2: an allocation failure, then a map that needs a table.
        (Bug.SplitEnomemLeaksReference, new RefcountConsistency().Name, 2),
        // 2: a donation, then a second donation of the same page that the model refuses (-EPERM).
        (Bug.DonateSkipsOwnershipCheck, Result, 2),
        // 2: a map that creates a table, then an unmap that frees it.
        (Bug.UnmapTableWithoutTlbi, new BreakBeforeMake().Name, 2),
        // 2: a map that creates a table, then an unmap that frees it (the hinted tlbi does not cover a table).
        (Bug.UnmapTableTlbiWithLevelHint, new BreakBeforeMake().Name, 2),
        // 1: any command: the second root page's count is wrong from init, and invariants run after a command.
        (Bug.RootTailRefcount, new RefcountConsistency().Name, 1),
        // 1: one donation of a range that ends at a region's end, which the model accepts (the end - 1 check).
        (Bug.RangeIsMemoryChecksEnd, Result, 1),
        // 2: a map that creates tables, then an unmap that frees the emptied table but leaves it linked.
        (Bug.UnmapKeepsFreedTableLinked, new TreeShape().Name, 2),
        // 1: one donation of an MMIO range, which the model refuses (-EINVAL).
        (Bug.DonateSkipsRegionCheck, Result, 1),
    ];

    [Fact] public void TreeShape_Catches_UnmapKeepsFreedTableLinked() => Caught(Bug.UnmapKeepsFreedTableLinked);

    [Fact] public void DonateResult_Catches_DonateSkipsRegionCheck() => Caught(Bug.DonateSkipsRegionCheck);

    // A donation of an MMIO page, run without its postcondition: the annotation lands in MMIO.
    [Fact]
    public void AnnotationsInMemoryOnly_Catches_DonateSkipsRegionCheck() =>
        AloneWithoutPostcondition(new AnnotationsInMemoryOnly(), HarnessConfig.HostDefault.WithBugs(Bug.DonateSkipsRegionCheck), new Donate(0, 0x1000));

    // The same donation: the hypervisor now maps a page the model never gave it.
    [Fact]
    public void HypMapsOnlyDonatedPages_Catches_DonateSkipsRegionCheck() =>
        AloneWithoutPostcondition(new HypMapsOnlyDonatedPages(), HarnessConfig.HostDefault.WithBugs(Bug.DonateSkipsRegionCheck) with { Fixes = HarnessConfig.CampaignFixes | Fix.DonateMapsHyp }, new Donate(0, 0x1000));

    /// <summary>
    /// Runs <paramref name="command"/> on the Implementation only (the postcondition would report the
    /// refused result first) and shows <paramref name="invariant"/> alone sees the damage; without the
    /// bug the command is refused and the invariant holds.
    /// </summary>
    private static void AloneWithoutPostcondition(IInvariant invariant, HarnessConfig config, Command command)
    {
        var buggy = World.Create(config, out _)!;
        buggy.BeginStep();
        command.Run(buggy);
        Assert.Equal(invariant.Name, invariant.Check(buggy)?.Claim);
        var fixedWorld = World.Create(config.WithBugs(Bug.None), out _)!;
        fixedWorld.BeginStep();
        command.Run(fixedWorld);
        Assert.Null(invariant.Check(fixedWorld));
    }

    [Fact] public void RefcountConsistency_Catches_RefcountValidOnly() => Caught(Bug.RefcountValidOnly);

    [Fact] public void OwnershipAgreesWithModel_Catches_SetOwnerKeepsValidMapping() => Caught(Bug.SetOwnerKeepsValidMapping);

    [Fact] public void BreakBeforeMake_Catches_NoTlbiOnBreakBeforeMake() => Caught(Bug.NoTlbiOnBreakBeforeMake);

    [Fact] public void RefcountConsistency_Catches_NoPutOnValidUpdate() => Caught(Bug.NoPutOnValidUpdate);

    [Fact] public void PoolAccounting_Catches_UnmapFreesAnnotatedTable() => Caught(Bug.UnmapFreesAnnotatedTable);

    [Fact] public void WellFormedLeaves_Catches_OwnerIdWrongBits() => Caught(Bug.OwnerIdWrongBits);

    [Fact] public void FaultResult_Catches_IdmapIgnoresAnnotations() => Caught(Bug.IdmapIgnoresAnnotations);

    [Fact] public void HostAttributes_Catches_IdmapCrossesRegion() => Caught(Bug.IdmapCrossesRegion);

    [Fact] public void OwnershipAgreesWithModel_Catches_UnmapSkipsAnnotations() => Caught(Bug.UnmapSkipsAnnotations);

    [Fact] public void OperationResult_Catches_WalkEndOffByOne() => Caught(Bug.WalkEndOffByOne);

    [Fact] public void WellFormedLeaves_Catches_BlockAtForbiddenLevel() => Caught(Bug.BlockAtForbiddenLevel);

    [Fact] public void OwnershipAgreesWithModel_Catches_PhysAdvancedByPage() => Caught(Bug.PhysAdvancedByPage);

    [Fact] public void PoolAccounting_Catches_AnchorLeaksSubtree() => Caught(Bug.AnchorLeaksSubtree);

    [Fact] public void RefcountConsistency_Catches_SplitEnomemLeaksReference() => Caught(Bug.SplitEnomemLeaksReference);

    [Fact] public void DonateResult_Catches_DonateSkipsOwnershipCheck() => Caught(Bug.DonateSkipsOwnershipCheck);

    [Fact] public void BreakBeforeMake_Catches_UnmapTableWithoutTlbi() => Caught(Bug.UnmapTableWithoutTlbi);

    [Fact] public void BreakBeforeMake_Catches_UnmapTableTlbiWithLevelHint() => Caught(Bug.UnmapTableTlbiWithLevelHint);

    [Fact] public void RefcountConsistency_Catches_RootTailRefcount() => Caught(Bug.RootTailRefcount);

    [Fact] public void DonateResult_Catches_RangeIsMemoryChecksEnd() => Caught(Bug.RangeIsMemoryChecksEnd);

    // The v5.13 hazard, without the page-sized-annotations fix: splitting a block annotation hands the rest
    // back to the host (spec 5.3.3). Minimal: a set_owner that writes a block annotation, then an unmap of
    // one page that clears the whole block.
    [Fact]
    public void OwnershipAgreesWithModel_Catches_V513BlockAnnotations()
    {
        var result = Campaign.Run(HarnessConfig.Stage2Default with { Fixes = Fix.None }, new RunOptions(Seed, MaxTests: 200));
        Assert.NotNull(result.Counterexample);
        output.WriteLine(CounterexampleReport.Format(result.Counterexample));
        Assert.Equal(new OwnershipAgreesWithModel().Name, result.Counterexample.Violation.Claim);
        Assert.Equal(2, result.Counterexample.Commands.Count);
    }

    // Every bug of the catalogue has a case above.
    [Fact]
    public void Cases_CoverEveryBug() =>
        Assert.Equal(BugCatalogue.All.Select(b => b.Bug).Order(), Cases.Select(c => c.Bug).Order());

    // Invariants checked after the one that catches a bug first, shown alone on a hand-written sequence.

    // A fault maps the page, then a donation keeps the valid leaf (owner 0 in the table, so the ownership check fires first in a campaign).
    [Fact]
    public void HostIsolation_Catches_SetOwnerKeepsValidMapping() =>
        Alone(new HostIsolation(), HarnessConfig.HostDefault.WithBugs(Bug.SetOwnerKeepsValidMapping),
            [new Fault(0x8030_0000), new Donate(0x8030_0000, 0x1000)]);

    // A 2MiB block then one page: the page's output address is one block too low.
    [Fact]
    public void IdentityMapping_Catches_PhysAdvancedByPage() =>
        Alone(new IdentityMapping(), HarnessConfig.Stage2Default.WithBugs(Bug.PhysAdvancedByPage),
            [new Map(0, 0x20_1000, 0, Prot.Rwx)]);

    // A page map creates tables, its unmap frees the level-3 table without any tlbi.
    [Fact]
    public void TablesFreedAfterInvalidation_Catches_UnmapTableWithoutTlbi() =>
        Alone(new TablesFreedAfterInvalidation(), HarnessConfig.Stage2Default.WithBugs(Bug.UnmapTableWithoutTlbi),
            [new Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx), new Unmap(0x4000_0000, 0x1000)]);

    // Same, with a level hint that only covers leaves.
    [Fact]
    public void TablesFreedAfterInvalidation_Catches_UnmapTableTlbiWithLevelHint() =>
        Alone(new TablesFreedAfterInvalidation(), HarnessConfig.Stage2Default.WithBugs(Bug.UnmapTableTlbiWithLevelHint),
            [new Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx), new Unmap(0x4000_0000, 0x1000)]);

    // The second root page starts at count 0: an annotation there takes it to 1, and its unmap drops the tail page to 0 (a free the kernel would botch).
    [Fact]
    public void NoUseAfterFree_Catches_RootTailRefcount() =>
        Alone(new NoUseAfterFree(), HarnessConfig.Stage2Default.WithBugs(Bug.RootTailRefcount),
            [new SetOwner(0x80_0000_0000, 0x1000, 1), new Unmap(0x80_0000_0000, 0x1000)]);

    // A seeded bug breaks only what its description says, so the claim that catches it is the right one.

    // NoPutOnValidUpdate drops only the reference: the valid-to-valid update (Normal to Device) still breaks before it makes.
    [Fact]
    public void BreakBeforeMake_HoldsUnder_NoPutOnValidUpdate() =>
        Holds(new BreakBeforeMake(), HarnessConfig.Stage2Default.WithBugs(Bug.NoPutOnValidUpdate),
            [new Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rw), new Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rw | Prot.Device)]);

    // SetOwnerKeepsValidMapping spares valid leaves from set_owner only: a map over a valid leaf still updates it.
    [Fact]
    public void OwnershipAgreesWithModel_HoldsUnder_SetOwnerKeepsValidMapping_ForMaps() =>
        Holds(new OwnershipAgreesWithModel(), HarnessConfig.Stage2Default.WithBugs(Bug.SetOwnerKeepsValidMapping),
            [new Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rw), new Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rw | Prot.Device)]);

    /// <summary><paramref name="commands"/> with only <paramref name="invariant"/> checked, the bug on: it holds after every command.</summary>
    private void Holds(IInvariant invariant, HarnessConfig config, Command[] commands) =>
        Assert.Null(RunAlone(invariant, config, commands).Violation);

    /// <summary>
    /// The campaign of <paramref name="bug"/>'s case (in <see cref="BugConfig.For"/>): caught, by its claim,
    /// shrunk to its minimal length; its report is approved in BugReports/ and its trace is the bug's
    /// regression trace, so a change in generation, shrinking or printing shows in review.
    /// </summary>
    private void Caught(Bug bug)
    {
        var (_, claim, minimal) = Cases.Single(c => c.Bug == bug);
        var result = Campaign.Run(BugConfig.For(bug), new RunOptions(Seed, MaxTests: 200));
        Assert.NotNull(result.Counterexample);
        var ce = result.Counterexample;
        output.WriteLine($"{bug}: {ce.TestsToFailure} tests to failure, {ce.Shrinks} shrinks, {ce.OriginalLength} -> {ce.Commands.Count} commands");
        output.WriteLine(CounterexampleReport.Format(ce));
        Assert.Equal(claim, ce.Violation.Claim);
        Assert.Equal(minimal, ce.Commands.Count);
        Approver.VerifyIn(ReportFolder(), $"{nameof(BugCatchingTests)}.{bug}", CounterexampleReport.Format(ce));
        Approver.VerifyFile(RegressionTracePath(bug), CounterexampleTrace.Text(ce));
    }

    /// <summary><c>tests/regressions/bug-&lt;kebab-name&gt;.trace</c>: the shrunk counterexample of <paramref name="bug"/>.</summary>
    public static string RegressionTracePath(Bug bug) =>
        Path.Combine(RepoPaths.Regressions, "bug-" + Regex.Replace(bug.ToString(), "(?<=[a-z0-9])([A-Z])", "-$1").ToLowerInvariant() + ".trace");

    private static string ReportFolder([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "BugReports");

    /// <summary><paramref name="commands"/> with only <paramref name="invariant"/> checked: it, and nothing earlier, reports the bug.</summary>
    private void Alone(IInvariant invariant, HarnessConfig config, Command[] commands)
    {
        var x = RunAlone(invariant, config, commands);
        Assert.Equal(invariant.Name, x.Violation?.Claim);
        Assert.Equal(commands.Length - 1, x.FailedAt);
        // With the bug off the same sequence passes every claim.
        Assert.Null(Execution.Run(config.WithBugs(Bug.None), commands).Violation);
    }

    /// <summary><paramref name="commands"/> with only <paramref name="invariant"/> checked; what it found goes to the test output.</summary>
    private Execution RunAlone(IInvariant invariant, HarnessConfig config, Command[] commands)
    {
        var x = Execution.Run(config, commands, null, [invariant]);
        output.WriteLine(x.Violation?.ToString() ?? "no violation");
        return x;
    }
}
