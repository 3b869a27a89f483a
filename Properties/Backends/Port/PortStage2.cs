using Harness.Implementation;

namespace Harness.Properties.Backends.Port;

/// <summary>The stage2 layer on the C# port (<see cref="Stage2System"/>).</summary>
public sealed class PortStage2 : IStage2System
{
    private readonly Stage2System _sys;

    public PortStage2(Geometry geometry, int poolPages, Bug bugs, Fix fixes)
    {
        _sys = Stage2System.Create(geometry, poolPages, bugs, fixes);
        _sys.Log.Keep = false;
        Memory = new PortMemory(_sys.Pgt, null);
    }

    /// <summary>The port itself, for diagnostics and the port-only claims.</summary>
    public Stage2System Port => _sys;

    public ITableMemory Memory { get; }

    public Errno InitResult => _sys.InitResult;

    public EventSink? Sink { get => _sys.Log.Sink; set => _sys.Log.Sink = value; }

    public long AllocAttempts => _sys.Faults.Attempts;

    public void FailAlloc(ulong n) => _sys.Faults.FailAt(n);

    public Errno Map(ulong addr, ulong size, ulong phys, Prot prot) => _sys.Map(addr, size, phys, prot);

    public Errno Unmap(ulong addr, ulong size) => _sys.Unmap(addr, size);

    public Errno SetOwner(ulong addr, ulong size, ulong owner) => _sys.SetOwner(addr, size, owner);

    public Errno GetLeaf(ulong addr, out ulong pte, out int level)
    {
        var ret = _sys.GetLeaf(addr, out var p, out level);
        pte = p.Bits;
        return ret;
    }

    public void Dispose() => _sys.Release();
}
