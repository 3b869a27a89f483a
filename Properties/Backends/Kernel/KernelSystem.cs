using Harness.Implementation;

namespace Harness.Properties.Backends.Kernel;

/// <summary>What both kernel layers share: the instance, its memory view, events and fault injection.</summary>
internal abstract class KernelSystem : ISystem
{
    private readonly KernelSystems.SinkForwarder _forwarder;

    protected KernelSystem(KernelInstance instance, KernelSystems.SinkForwarder forwarder)
    {
        Instance = instance;
        _forwarder = forwarder;
        Memory = new KernelMemory(instance);
    }

    protected KernelInstance Instance { get; }

    public ITableMemory Memory { get; }

    public Errno InitResult => _forwarder.InitResult;

    public EventSink? Sink { get => _forwarder.Sink; set => _forwarder.Sink = value; }

    public long AllocAttempts => (long)Instance.AllocAttempts;

    public void FailAlloc(ulong n) => Instance.FailAlloc(n);

    public void Dispose() => Instance.Dispose();
}
