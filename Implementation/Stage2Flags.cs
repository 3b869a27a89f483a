namespace Harness.Implementation;

/// <summary>Mirrors <c>enum kvm_pgtable_stage2_flags</c> (kvm_pgtable.h, v5.13).</summary>
[Flags]
public enum Stage2Flags
{
    None = 0,

    /// <summary>Never use the FWB memory-attribute encodings.</summary>
    NoFwb = 1 << 0,

    /// <summary>Only identity mappings (IPA == PA) are allowed.</summary>
    IdMap = 1 << 1,
}
