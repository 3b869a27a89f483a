namespace Harness.Implementation;

/// <summary>
/// Deliberate bugs that can be switched back into the Implementation, one at a time, to show that the
/// harness catches them. All are off by default; the harness's bug table (Properties) describes each.
/// </summary>
[Flags]
public enum Bug : ulong
{
    None = 0,
    RefcountValidOnly = 1UL << 0,
    SetOwnerKeepsValidMapping = 1UL << 1,
    NoTlbiOnBreakBeforeMake = 1UL << 2,
    NoPutOnValidUpdate = 1UL << 3,
    UnmapFreesAnnotatedTable = 1UL << 4,
    OwnerIdWrongBits = 1UL << 5,
    IdmapIgnoresAnnotations = 1UL << 6,
    IdmapCrossesRegion = 1UL << 7,
    UnmapSkipsAnnotations = 1UL << 8,
    WalkEndOffByOne = 1UL << 9,
    BlockAtForbiddenLevel = 1UL << 10,
    PhysAdvancedByPage = 1UL << 11,
    AnchorLeaksSubtree = 1UL << 12,
    SplitEnomemLeaksReference = 1UL << 13,
    DonateSkipsOwnershipCheck = 1UL << 14,
    UnmapTableWithoutTlbi = 1UL << 15,
    UnmapTableTlbiWithLevelHint = 1UL << 16,
    RootTailRefcount = 1UL << 17,
    RangeIsMemoryChecksEnd = 1UL << 18,
    UnmapKeepsFreedTableLinked = 1UL << 19,
    DonateSkipsRegionCheck = 1UL << 20,
    Level1BlockWith16K = 1UL << 21,
    UnmapClearsNeighbour = 1UL << 22,
    AnchorInvalidatesOneIpa = 1UL << 23,
    PermissionChangeBreaksMake = 1UL << 24,
    PoolMaxOrderTooSmall = 1UL << 25,
    HighPaBitsDropped = 1UL << 26,
    MmioRetryWithoutRecycling = 1UL << 27,
    UnloggedAttributeUpdate = 1UL << 28,
    InvalidateAnnotationClear = 1UL << 29,
    AnnotationsIgnoreFix = 1UL << 30,
}
