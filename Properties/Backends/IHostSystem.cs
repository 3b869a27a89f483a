using Harness.Implementation;

namespace Harness.Properties.Backends;

/// <summary>The trace format's host layer: the pKVM host stage 2 of mem_protect.c.</summary>
public interface IHostSystem : ISystem
{
    /// <summary>A host stage-2 fault at the page of <paramref name="addr"/> (<c>host_stage2_idmap</c>).</summary>
    Errno Fault(ulong addr);

    /// <summary>Donation of <c>[addr, addr+size)</c> to the hypervisor (<c>__pkvm_mark_hyp</c>, plus the fix items).</summary>
    Errno Donate(ulong addr, ulong size);
}
