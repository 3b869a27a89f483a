namespace Harness.Implementation;

/// <summary>
/// The shape of one page table: granule, input-address size and start level (spec 1). Everything
/// else (level shifts, entries per table, root pages) derives from these three numbers.
/// </summary>
public readonly record struct Geometry(Granule Granule, int IaBits, int StartLevel)
{
    /// <summary>Mirrors <c>KVM_PGTABLE_MAX_LEVELS</c>.</summary>
    public const int MaxLevels = 4;

    /// <summary>PAGE_SHIFT.</summary>
    public int PageShift => (int)Granule;

    /// <summary>PAGE_SIZE.</summary>
    public ulong PageSize => 1UL << PageShift;

    /// <summary>PTRS_PER_PTE: descriptors in one table page.</summary>
    public int PtrsPerPte => 1 << (PageShift - 3);

    /// <summary>
    /// The largest physical address size this build can express (spec 1.5): 52 bits with the 64K
    /// granule, 48 otherwise. An output address at or above it is the "invalid phys" marker.
    /// </summary>
    public int PaBits => Granule == Granule.Size64K ? 52 : 48;

    /// <summary>Mirrors <c>kvm_granule_shift</c> (pgtable.c, v5.13); also defined for level -1 (root sizing).</summary>
    public int LevelShift(int level) => (PageShift - 3) * (4 - level) + 3;

    /// <summary>Mirrors <c>kvm_granule_size</c> (pgtable.c, v5.13).</summary>
    public ulong LevelSize(int level) => 1UL << LevelShift(level);

    /// <summary>Mirrors <c>kvm_pgtable_idx</c> (pgtable.c, v5.13): the index of <paramref name="addr"/> in a table at <paramref name="level"/>.</summary>
    public int Index(ulong addr, int level) => (int)((addr >> LevelShift(level)) & (ulong)(PtrsPerPte - 1));

    /// <summary>Number of root pages (spec 1.3). Mirrors <c>kvm_pgd_pages</c> (pgtable.c, v5.13).</summary>
    public int RootPages => (int)((IaMask >> LevelShift(StartLevel - 1)) + 1);

    /// <summary>The root page holding <paramref name="addr"/>. Mirrors <c>kvm_pgd_page_idx</c> (pgtable.c, v5.13).</summary>
    public int RootPageIndex(ulong addr) => (int)((addr & IaMask) >> LevelShift(StartLevel - 1));

    /// <summary>2^ia - 1.</summary>
    public ulong IaMask => IaBits >= 64 ? ulong.MaxValue : (1UL << IaBits) - 1;

    /// <summary>
    /// Mirrors <c>kvm_level_supports_block_mapping</c> (spec 1.2): never level 0, level 1 only with
    /// the 4K granule, level 3 always.
    /// </summary>
    public bool LevelSupportsLeaf(int level) => level != 0 && (level != 1 || Granule == Granule.Size4K);

    /// <summary>
    /// The geometry of a stage-2 table with an <paramref name="iaBits"/>-bit IPA space (spec 1.3),
    /// or null when the granule does not allow that size (4K/16K: 32..48 bits; 64K: 32..52 bits).
    /// Mirrors the start-level choice of <c>kvm_get_vtcr</c> (arm.c / reset.c, v5.13).
    /// </summary>
    public static Geometry? Stage2(Granule granule, int iaBits)
    {
        var maxIa = granule == Granule.Size64K ? 52 : 48;
        if (iaBits < 32 || iaBits > maxIa || !Enum.IsDefined(granule))
        {
            return null;
        }
        var bitsPerLevel = (int)granule - 3;
        var levels = Math.Max(2, (iaBits - 8) / bitsPerLevel);
        return new Geometry(granule, iaBits, MaxLevels - levels);
    }

    /// <summary>
    /// The geometry of the hypervisor's stage-1 table (spec 1.4): one root page, no minimum level count.
    /// Mirrors <c>kvm_pgtable_hyp_init</c> (pgtable.c, v5.13).
    /// </summary>
    public static Geometry? HypStage1(Granule granule, int vaBits)
    {
        var maxVa = granule == Granule.Size64K ? 52 : 48;
        if (vaBits < 32 || vaBits > maxVa || !Enum.IsDefined(granule))
        {
            return null;
        }
        var levels = (vaBits - 4) / ((int)granule - 3);
        return new Geometry(granule, vaBits, MaxLevels - levels);
    }

    public override string ToString() => $"{(1 << PageShift) / 1024}K granule, {IaBits}-bit IA, start level {StartLevel}, {RootPages} root page(s)";
}
