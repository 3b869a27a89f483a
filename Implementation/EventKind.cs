namespace Harness.Implementation;

/// <summary>What an <see cref="Event"/> records (spec 8: the Log).</summary>
public enum EventKind : byte
{
    /// <summary>A descriptor write: <c>Slot</c> its physical address, <c>Ipa</c>/<c>Level</c> the range it covers, <c>Old</c>/<c>New</c> the values.</summary>
    PteWrite,

    /// <summary>Mirrors <c>__kvm_tlb_flush_vmid</c>: every translation of the table's VMID.</summary>
    TlbiVmid,

    /// <summary>Mirrors <c>__kvm_tlb_flush_vmid_ipa</c>: one IPA; <c>Level</c> is the hint, or -1 for none.</summary>
    TlbiIpa,

    /// <summary>Data-cache clean+invalidate of <c>[Pa, Pa+Len)</c>.</summary>
    Cmo,

    /// <summary>A block of 2^Order pages handed out by a pool (<c>Pa</c> its head).</summary>
    Alloc,

    /// <summary>A page's reference count went up by one.</summary>
    Get,

    /// <summary>A page's reference count went down by one.</summary>
    Put,

    /// <summary>A block went back to its pool.</summary>
    Free,

    /// <summary>A put on a page whose count was already 0 (v5.13 wraps silently; spec 8.5 forbids it).</summary>
    PutOnFreePage,

    /// <summary>A get, read or write of a page that is not allocated (spec 8.5).</summary>
    AccessToFreePage,

    /// <summary>A descriptor access outside every pool: the walker followed a corrupt table address.</summary>
    WildAccess,

    /// <summary>A kernel WARN_ON that fired.</summary>
    Warning,

    /// <summary>A pool could not hand out a block: <c>Old</c> the order, <c>New</c> 1 when the fault injector failed it on purpose.</summary>
    AllocFailed,

    /// <summary>The kernel hit <c>BUG()</c> (kernel backend only); the call was abandoned.</summary>
    KernelBug,

    /// <summary>A tail page of a block dropped to count 0: the kernel would free it with no order and corrupt its free lists; the free is skipped.</summary>
    CorruptingFree,
}
