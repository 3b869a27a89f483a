using Harness.Implementation;

namespace Harness.Properties.Backends.Kernel;

/// <summary>The stage2 layer on the kernel's own code.</summary>
internal sealed class KernelStage2 : KernelSystem, IStage2System
{
    public KernelStage2(KernelInstance instance, KernelSystems.SinkForwarder forwarder)
        : base(instance, forwarder)
    {
    }

    public Errno Map(ulong addr, ulong size, ulong phys, Prot prot) => (Errno)Instance.Map(addr, size, phys, prot);

    public Errno Unmap(ulong addr, ulong size) => (Errno)Instance.Unmap(addr, size);

    public Errno SetOwner(ulong addr, ulong size, ulong owner) => (Errno)Instance.SetOwner(addr, size, owner);

    public Errno GetLeaf(ulong addr, out ulong pte, out int level) => (Errno)Instance.GetLeaf(addr, out pte, out level);
}
