namespace Harness.Implementation;

/// <summary>Owner ids carried by invalid stage-2 descriptors (spec 2.5).</summary>
public static class OwnerId
{
    /// <summary>The page-table owner; for the host stage 2, the host. Encoded as a zero descriptor.</summary>
    public const ulong Host = 0;

    /// <summary>The hypervisor (<c>pkvm_hyp_id</c>, mem_protect.c, v5.13).</summary>
    public const ulong Hyp = 1;

    /// <summary>Mirrors <c>KVM_MAX_OWNER_ID</c> (kvm_pgtable.h, v5.13): larger ids are refused with -EINVAL.</summary>
    public const ulong Max = 1;
}
