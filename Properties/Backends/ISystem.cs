using Harness.Implementation;

namespace Harness.Properties.Backends;

/// <summary>
/// A system under test on some backend: what every layer has. Events (descriptor writes, maintenance,
/// allocator traffic) go to <see cref="Sink"/> in program order as they happen.
/// </summary>
public interface ISystem : IDisposable
{
    ITableMemory Memory { get; }

    /// <summary>0, or -ENOMEM when the pool could not supply the root (every walk then answers -EINVAL).</summary>
    Errno InitResult { get; }

    /// <summary>Where events go; null drops them (an unchecked replay, a benchmark of the bare backend).</summary>
    EventSink? Sink { get; set; }

    /// <summary>The trace format's <c>fail_alloc N</c>: the N-th page allocation from now fails; 0 cancels.</summary>
    void FailAlloc(ulong n);

    /// <summary>Page allocations attempted so far (failed ones included).</summary>
    long AllocAttempts { get; }
}
