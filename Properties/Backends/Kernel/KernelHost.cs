using Harness.Implementation;

namespace Harness.Properties.Backends.Kernel;

/// <summary>The host layer on the kernel's own mem_protect.c.</summary>
internal sealed class KernelHost : KernelSystem, IHostSystem
{
    public KernelHost(KernelInstance instance, KernelSystems.SinkForwarder forwarder)
        : base(instance, forwarder)
    {
    }

    public Errno Fault(ulong addr) => (Errno)Instance.Fault(addr);

    public Errno Donate(ulong addr, ulong size) => (Errno)Instance.Donate(addr, size);
}
