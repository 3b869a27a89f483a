using Harness.Implementation;

namespace Harness.Properties.Backends.Port;

/// <summary>The host layer on the C# port (<see cref="HostStage2"/>).</summary>
public sealed class PortHost : IHostSystem
{
    private readonly HostStage2 _host;

    private PortHost(HostStage2 host)
    {
        _host = host;
        _host.Log.Keep = false;
        Memory = new PortMemory(host.Pgt, host.Hyp);
    }

    /// <summary>Sets up the host stage 2; -EINVAL for a layout the kernel would not accept.</summary>
    public static Errno Create(Granule granule, int iaBits, IReadOnlyList<MemRange> regions, Bug bugs, Fix fixes, out PortHost? host)
    {
        var ret = HostStage2.Create(granule, iaBits, regions, bugs, fixes, out var h);
        host = h is null ? null : new PortHost(h);
        return ret;
    }

    /// <summary>The port itself, for diagnostics and the port-only claims.</summary>
    public HostStage2 Port => _host;

    public ITableMemory Memory { get; }

    public Errno InitResult => Errno.Ok;

    public EventSink? Sink { get => _host.Log.Sink; set => _host.Log.Sink = value; }

    public long AllocAttempts => _host.Faults.Attempts;

    public void FailAlloc(ulong n) => _host.Faults.FailAt(n);

    public Errno Fault(ulong addr) => _host.HandleMemAbort(addr);

    public Errno Donate(ulong addr, ulong size) => _host.MarkHyp(addr, addr + size);

    public void Dispose() => _host.Release();
}
