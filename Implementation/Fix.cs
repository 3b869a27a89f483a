namespace Harness.Implementation;

/// <summary>
/// Later upstream behaviours applied on top of v5.13, one flag per <c>fix NAME</c> item of the trace
/// format. With none set the Implementation is v5.13 with the three fixes of <c>profile v5.13</c> only
/// (every root page counted, no TLBI level hint for a removed table, <c>range_is_memory</c> checking
/// <c>end - 1</c>).
/// </summary>
[Flags]
public enum Fix
{
    None = 0,

    /// <summary><c>set_owner</c> writes annotations at the last level only (v5.15, "force page granularity").</summary>
    PageSizedAnnotations = 1 << 0,

    /// <summary>A pool's largest order is <c>get_order((nr_pages + 1) pages)</c> (v5.17, "Fix hyp_pool max order").</summary>
    PoolMaxOrder = 1 << 1,

    /// <summary>Donation refuses an unaligned range (-EINVAL) and a page the host does not own (-EPERM) before changing anything.</summary>
    DonateChecksOwner = 1 << 2,

    /// <summary>Donation then maps the range at EL2 in a hypervisor stage 1 whose allocations count for fault injection.</summary>
    DonateMapsHyp = 1 << 3,
}
