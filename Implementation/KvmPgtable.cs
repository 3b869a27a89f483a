namespace Harness.Implementation;

/// <summary>
/// One page table: its geometry, its root and the memory its tables live in. Mirrors
/// <c>struct kvm_pgtable</c> (kvm_pgtable.h, v5.13). Stage-2 and hyp stage-1 operations are separate
/// classes that take it, as the kernel's functions take the struct.
/// </summary>
public sealed class KvmPgtable
{
    internal KvmPgtable(Geometry geometry, MmOps mm, Stage2Flags flags, Bug bugs, Fix fixes, bool isStage2)
    {
        Geometry = geometry;
        Mm = mm;
        Flags = flags;
        Bugs = bugs;
        Fixes = fixes;
        IsStage2 = isStage2;
    }

    public Geometry Geometry { get; }

    /// <summary>Mirrors <c>pgt-&gt;mm_ops</c>.</summary>
    public MmOps Mm { get; }

    public EventLog Log => Mm.Log;

    public Stage2Flags Flags { get; }

    /// <summary>The bugs switched back in for this table (none by default).</summary>
    public Bug Bugs { get; }

    /// <summary>The later upstream behaviours applied on top of v5.13 (none by default).</summary>
    public Fix Fixes { get; }

    public bool IsStage2 { get; }

    /// <summary>Mirrors <c>pgt-&gt;pgd</c>: the physical address of the first root page, or null when there is none.</summary>
    public ulong? Root { get; internal set; }

    /// <summary>The physical address of root page <paramref name="index"/>.</summary>
    public ulong RootPage(int index) => Root!.Value + ((ulong)index << Geometry.PageShift);

    /// <summary>Whether <paramref name="bug"/> is switched on.</summary>
    public bool Has(Bug bug) => (Bugs & bug) != 0;

    /// <summary>Whether the later behaviour <paramref name="fix"/> is applied.</summary>
    public bool Has(Fix fix) => (Fixes & fix) != 0;

    /// <summary>Reads the descriptor at <paramref name="ptep"/>.</summary>
    public Pte Read(PtePtr ptep) => new(Mm.Read(ptep.TablePa, ptep.Index));

    /// <summary>
    /// Writes the descriptor at <paramref name="ptep"/>, which covers <paramref name="ipa"/> at
    /// <paramref name="level"/>, and logs the write with its old value.
    /// </summary>
    internal void Write(PtePtr ptep, Pte value, ulong ipa, int level) =>
        Mm.WriteLogged(ptep.TablePa, ptep.Index, value.Bits, ipa & ~(Geometry.LevelSize(level) - 1), level);

    /// <summary>Mirrors <c>kvm_clear_pte</c>.</summary>
    internal void Clear(PtePtr ptep, ulong ipa, int level) => Write(ptep, Pte.Zero, ipa, level);

    /// <summary>Mirrors <c>kvm_pte_follow</c>: the table page a table descriptor points to.</summary>
    public ulong Follow(Pte pte) => pte.OutputAddress(Geometry.PageShift);

    /// <summary>
    /// Mirrors <c>__kvm_tlb_flush_vmid_ipa</c>; <paramref name="level"/> -1 means no hint, and so does 0, as
    /// the TLBI level-hint encoding has no level 0 (no leaf lives there).
    /// </summary>
    internal void TlbiIpa(ulong ipa, int level) => Log.Add(new Event(EventKind.TlbiIpa, 0, ipa, level <= 0 ? -1 : level, 0, 0));

    /// <summary>Mirrors <c>__kvm_tlb_flush_vmid</c>.</summary>
    internal void TlbiVmid() => Log.Add(new Event(EventKind.TlbiVmid, 0, 0, 0, 0, 0));

    /// <summary>Mirrors <c>__flush_dcache_area</c> on a leaf's output range.</summary>
    internal void Cmo(ulong pa, ulong len) => Log.Add(new Event(EventKind.Cmo, pa, 0, 0, len, 0));

    /// <summary>
    /// Mirrors <c>kvm_block_mapping_supported</c> (spec 1.2): may a leaf of level <paramref name="level"/>
    /// be written at <paramref name="addr"/> for a walk ending at <paramref name="end"/> and output
    /// address <paramref name="phys"/>? The phys alignment is skipped for the invalid-phys marker.
    /// </summary>
    internal bool BlockMappingSupported(ulong addr, ulong end, ulong phys, int level)
    {
        var granule = Geometry.LevelSize(level);
        if (!LevelSupportsLeaf(level) && !Has(Bug.BlockAtForbiddenLevel))
        {
            return false;
        }
        if (granule > end - addr)
        {
            return false;
        }
        if (PhysIsValid(phys) && (phys & (granule - 1)) != 0)
        {
            return false;
        }
        return (addr & (granule - 1)) == 0;
    }

    /// <summary>
    /// Mirrors <c>kvm_level_supports_block_mapping</c> for this table: the geometry's rule, or under
    /// <see cref="Bug.Level1BlockWith16K"/> a rule that wrongly allows level 1 with the 16K granule.
    /// </summary>
    internal bool LevelSupportsLeaf(int level) =>
        Geometry.LevelSupportsLeaf(level) || (level == 1 && Geometry.Granule == Granule.Size16K && Has(Bug.Level1BlockWith16K));

    /// <summary>Mirrors <c>kvm_phys_is_valid</c> (spec 1.5): below the largest PA size of the build.</summary>
    internal bool PhysIsValid(ulong phys) => phys < 1UL << Geometry.PaBits;

    /// <summary>The invalid-phys marker (<c>KVM_PHYS_INVALID</c>).</summary>
    internal const ulong PhysInvalid = ulong.MaxValue;
}
