using Harness.Implementation;

namespace Harness.Properties.Backends;

/// <summary>The trace format's stage2 layer: a table with the IDMAP and no-FWB flags, driven through the raw page-table API.</summary>
public interface IStage2System : ISystem
{
    /// <summary><c>kvm_pgtable_stage2_map</c> with the layer's pool as memcache.</summary>
    Errno Map(ulong addr, ulong size, ulong phys, Prot prot);

    /// <summary><c>kvm_pgtable_stage2_unmap</c>.</summary>
    Errno Unmap(ulong addr, ulong size);

    /// <summary><c>kvm_pgtable_stage2_set_owner</c> with the layer's pool as memcache.</summary>
    Errno SetOwner(ulong addr, ulong size, ulong owner);

    /// <summary>The leaf covering <paramref name="addr"/> (a LEAF walk of one page; harness-only).</summary>
    Errno GetLeaf(ulong addr, out ulong pte, out int level);
}
