namespace Harness.Implementation;

/// <summary>One line per <see cref="Bug"/>: what it re-introduces and where it comes from.</summary>
public static class BugCatalogue
{
    public static IReadOnlyList<(Bug Bug, string Description)> All { get; } =
    [
        (Bug.RefcountValidOnly, "pre-patch refcount rule: only valid descriptors take a reference, annotations do not"),
        (Bug.SetOwnerKeepsValidMapping, "set_owner skips a valid leaf, so the host keeps a mapping of a donated page"),
        (Bug.NoTlbiOnBreakBeforeMake, "break-before-make clears a valid entry without invalidating its TLB entry"),
        (Bug.NoPutOnValidUpdate, "a valid-to-valid update drops no reference on the old entry (the v5.10 leak)"),
        (Bug.UnmapFreesAnnotatedTable, "unmap frees a table whose only entries are owner annotations (counts valid entries only)"),
        (Bug.OwnerIdWrongBits, "the owner id is written one bit too low (bits [62:55] instead of [63:56])"),
        (Bug.IdmapIgnoresAnnotations, "the host identity map picks a block that covers a page the host does not own"),
        (Bug.IdmapCrossesRegion, "the host identity map picks a block that crosses a memory/MMIO boundary"),
        (Bug.UnmapSkipsAnnotations, "unmap leaves owner annotations in place"),
        (Bug.WalkEndOffByOne, "the walker visits one entry past the end of the range"),
        (Bug.BlockAtForbiddenLevel, "a block is written at a level that does not support blocks for the granule"),
        (Bug.PhysAdvancedByPage, "map advances the output address by one page after a block, so later leaves are misaligned"),
        (Bug.AnchorLeaksSubtree, "replacing a table by a block never frees the old subtree"),
        (Bug.SplitEnomemLeaksReference, "splitting a block takes its reference before allocating, and -ENOMEM leaves it taken"),
        (Bug.DonateSkipsOwnershipCheck, "donation to the hypervisor is accepted for a page the host does not own"),
        (Bug.UnmapTableWithoutTlbi, "unmap frees an empty table without invalidating the TLB first"),
        (Bug.UnmapTableTlbiWithLevelHint, "unmap invalidates a removed table with a leaf level hint (v5.13 behaviour, fixed in v6.9)"),
        (Bug.RootTailRefcount, "concatenated root: only the first page starts at refcount 1 (v5.13 host, fixed in v5.15)"),
        (Bug.RangeIsMemoryChecksEnd, "donation checks that end, not end - 1, lies in the region, refusing a range that ends at a region's end (v5.13, fixed in v5.14)"),
        (Bug.UnmapKeepsFreedTableLinked, "unmap frees an empty table but leaves its descriptor in place (use after free)"),
        (Bug.DonateSkipsRegionCheck, "donation accepts a range outside memory, annotating MMIO that recycling would erase"),
    ];

    /// <summary>The description of <paramref name="bug"/>, or its name when it has none.</summary>
    public static string Describe(Bug bug)
    {
        foreach (var (b, d) in All)
        {
            if (b == bug)
            {
                return d;
            }
        }
        return bug.ToString();
    }
}
