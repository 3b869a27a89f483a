namespace Harness.Properties.Backends.Kernel;

/// <summary>
/// Later upstream behaviours a kernel instance applies on top of the v5.13 profile: the trace
/// format's <c>fix NAME</c> items. Mirrors <c>enum harness_fix</c> (native/include/harness_abi.h).
/// </summary>
[Flags]
public enum KernelFixes : uint
{
    None = 0,

    /// <summary><c>page-sized-annotations</c> (v5.15): set_owner forces page granularity.</summary>
    PageSizedAnnotations = 1u << 0,

    /// <summary><c>pool-max-order</c> (v5.17): a pool of 2^k pages is one order-k block.</summary>
    PoolMaxOrder = 1u << 1,

    /// <summary><c>donate-checks-owner</c>: -EINVAL for an unaligned range, -EPERM for a page the host does not own, before anything changes.</summary>
    DonateChecksOwner = 1u << 2,

    /// <summary><c>donate-maps-hyp</c>: donation then maps the range at EL2 in a hypervisor stage 1 with its own pool.</summary>
    DonateMapsHyp = 1u << 3,

    All = PageSizedAnnotations | PoolMaxOrder | DonateChecksOwner | DonateMapsHyp,
}
