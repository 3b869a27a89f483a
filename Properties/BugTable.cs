using Harness.Implementation;
using Harness.Properties.Invariants;

namespace Harness.Properties;

/// <summary>
/// Everything the harness knows about each deliberate bug of the Implementation, in one table: what it
/// re-introduces, the configuration where it acts (its home), the claim that catches it, and the length
/// of the shortest command sequence that can show it, with the reason no shorter one can.
/// </summary>
public static class BugTable
{
    public sealed record Row(Bug Bug, string Description, HarnessConfig Home, string Claim, int Minimal, string WhyMinimal);

    /// <summary>The claim of a postcondition (the result the model allows) rather than an invariant.</summary>
    public const string Result = "result";

    private static readonly HarnessConfig Stage2 = HarnessConfig.Stage2Default;
    private static readonly HarnessConfig Host = HarnessConfig.HostDefault;

    public static IReadOnlyList<Row> All { get; } =
    [
        new(Bug.RefcountValidOnly, "pre-patch refcount rule: only valid descriptors take a reference, annotations do not",
            Stage2, new RefcountConsistency().Name, 1, "one set_owner writes an annotation that takes no reference"),
        new(Bug.SetOwnerKeepsValidMapping, "set_owner skips a valid leaf, so the host keeps a mapping of a donated page",
            Stage2, new OwnershipAgreesWithModel().Name, 2, "a map must first create the valid leaf that a set_owner over it then keeps"),
        new(Bug.NoTlbiOnBreakBeforeMake, "break-before-make clears a valid entry without invalidating its TLB entry",
            Stage2, new BreakBeforeMake().Name, 2, "a map writes a valid leaf, then a command must clear it"),
        new(Bug.NoPutOnValidUpdate, "a valid-to-valid update drops no reference on the old entry (the v5.10 leak)",
            Stage2, new RefcountConsistency().Name, 2, "a valid-to-valid update needs a valid leaf first"),
        new(Bug.UnmapFreesAnnotatedTable, "unmap frees a table whose only entries are owner annotations (counts valid entries only)",
            Stage2, new PoolAccounting().Name, 2, "a set_owner creates a table holding an annotation, an unmap elsewhere in it frees it"),
        new(Bug.OwnerIdWrongBits, "the owner id is written one bit too low (bits [62:55] instead of [63:56])",
            Stage2, new WellFormedLeaves().Name, 1, "one set_owner writes the malformed annotation"),
        new(Bug.IdmapIgnoresAnnotations, "the host identity map picks a block that covers a page the host does not own",
            Host, Result, 2, "a donation, then a fault whose block covers the donated page"),
        new(Bug.IdmapCrossesRegion, "the host identity map picks a block that crosses a memory/MMIO boundary",
            Host, "fault postcondition", 1, "one fault at an MMIO page whose candidate block reaches memory"),
        new(Bug.UnmapSkipsAnnotations, "unmap leaves owner annotations in place",
            Stage2, new OwnershipAgreesWithModel().Name, 2, "a set_owner, then an unmap of the annotated page"),
        new(Bug.WalkEndOffByOne, "the walker visits one entry past the end of the range",
            Stage2, Result, 1, "any map or set_owner visits the slot past its end"),
        new(Bug.BlockAtForbiddenLevel, "a block is written at a level that does not support blocks for the granule",
            Stage2 with { IaBits = 48 }, new WellFormedLeaves().Name, 1, "one map of a whole level-0 entry (4K granule, 48-bit IPA)"),
        new(Bug.PhysAdvancedByPage, "map advances the output address by one page after a block, so later leaves are misaligned",
            Stage2, new OwnershipAgreesWithModel().Name, 1, "one map of a block followed by more pages"),
        new(Bug.AnchorLeaksSubtree, "replacing a table by a block never frees the old subtree",
            Stage2, new PoolAccounting().Name, 2, "a map creates a table, a second map replaces it by a block"),
        new(Bug.SplitEnomemLeaksReference, "splitting a block takes its reference before allocating, and -ENOMEM leaves it taken",
            Stage2, new RefcountConsistency().Name, 2, "a fail_alloc, then a map that needs a table"),
        new(Bug.DonateSkipsOwnershipCheck, "donation to the hypervisor is accepted for a page the host does not own",
            Host with { Fixes = HarnessConfig.CampaignFixes | Fix.DonateChecksOwner }, Result, 2, "a donation, then a second donation of the same page"),
        new(Bug.UnmapTableWithoutTlbi, "unmap frees an empty table without invalidating the TLB first",
            Stage2, new BreakBeforeMake().Name, 2, "a map creates a table, an unmap frees it"),
        new(Bug.UnmapTableTlbiWithLevelHint, "unmap invalidates a removed table with a leaf level hint (v5.13 behaviour, fixed in v6.9)",
            Stage2, new BreakBeforeMake().Name, 2, "a map creates a table, an unmap frees it (the hinted tlbi does not cover a table)"),
        new(Bug.RootTailRefcount, "concatenated root: only the first page starts at refcount 1 (v5.13 host, fixed in v5.15)",
            Stage2, new RefcountConsistency().Name, 1, "the second root page's count is wrong from init; invariants run after the first command"),
        new(Bug.UnmapKeepsFreedTableLinked, "unmap frees an empty table but leaves its descriptor in place (use after free)",
            Stage2, new TreeShape().Name, 2, "a map creates tables, an unmap frees the emptied table but leaves it linked"),
        new(Bug.DonateSkipsRegionCheck, "donation accepts a range outside memory, annotating MMIO that recycling would erase",
            Host, Result, 1, "one donation of an MMIO range"),
        new(Bug.RangeIsMemoryChecksEnd, "donation checks that end, not end - 1, lies in the region (v5.13, fixed in v5.14)",
            Host, Result, 1, "one donation whose end - 1 and end lie in different windows"),
        new(Bug.Level1BlockWith16K, "the Implementation's own table of leaf levels allows a level-1 block with the 16K granule",
            Stage2 with { Granule = Granule.Size16K, IaBits = 48 }, new WellFormedLeaves().Name, 1, "one map of a whole 64 GiB level-1 entry (16K granule, 48-bit IPA)"),
        new(Bug.UnmapClearsNeighbour, "unmap also clears the first page of the next 2 MiB, with a correct invalidation and counts",
            Stage2, new OwnershipAgreesWithModel().Name, 2, "a map must first create the page in the next 2 MiB that an unmap ending before it then clears"),
        new(Bug.AnchorInvalidatesOneIpa, "replacing a table by a block invalidates one IPA (no hint) instead of the whole VMID",
            Stage2, new BreakBeforeMake().Name, 2, "a map creates a page leaf away from the block start, a block map over it replaces its table"),
        new(Bug.PermissionChangeBreaksMake, "a map that only changes permissions rewrites the leaf (break-before-make) instead of -EAGAIN",
            Stage2, Result, 2, "a map creates the leaf, a second map of it with other permissions"),
        new(Bug.PoolMaxOrderTooSmall, "a pool's largest order is one below the spec's, so it refuses blocks it has",
            Stage2 with { IaBits = 43, PoolPages = 32 }, new PoolAccounting().Name, 1, "the 16-page root is refused at creation; claims are checked after the first command"),
        new(Bug.HighPaBitsDropped, "the 64K descriptor loses PA bits [51:48] (stored in bits [15:12])",
            Stage2 with { Granule = Granule.Size64K, IaBits = 52 }, new OwnershipAgreesWithModel().Name, 1, "one map at or above 2^48"),
        new(Bug.MmioRetryWithoutRecycling, "an MMIO fault that runs out of pages retries without unmapping the MMIO mappings first",
            Host, new OwnershipAgreesWithModel().Name, 3, "an MMIO fault maps a block, a fail_alloc, an MMIO fault that needs a table"),
        new(Bug.UnloggedAttributeUpdate, "map clears the access flag of each leaf it writes with a store no event records",
            Stage2, new EveryChangeLogged().Name, 1, "one map; the sweep at the end of the test reads memory the log does not explain"),
        new(Bug.InvalidateAnnotationClear, "unmap invalidates the TLB for an annotation it clears, which no TLB holds",
            Stage2, new NoMaintenanceWithoutChange().Name, 2, "a set_owner writes an annotation, an unmap clears it with an invalidation"),
        new(Bug.AnnotationsIgnoreFix, "set_owner writes block annotations although page-sized annotations are applied",
            Stage2, new AnnotationsPageSized().Name, 1, "one set_owner of an aligned block"),
    ];

    public static Row For(Bug bug) => All.Single(r => r.Bug == bug);

    /// <summary>The bug's home configuration with the bug switched on.</summary>
    public static HarnessConfig HomeOf(Bug bug) => For(bug).Home.WithBugs(bug);

    /// <summary>The descriptions of the bugs in <paramref name="bugs"/> (their names when not in the table).</summary>
    public static string Describe(Bug bugs) =>
        string.Join("; ", Enum.GetValues<Bug>().Where(b => b != Bug.None && bugs.HasFlag(b)).Select(b => All.FirstOrDefault(r => r.Bug == b)?.Description ?? b.ToString()));
}
