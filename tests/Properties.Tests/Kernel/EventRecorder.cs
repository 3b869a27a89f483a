using Harness.Properties.Backends.Kernel;

namespace Harness.Properties.Tests.Kernel;

/// <summary>Keeps every event a kernel instance delivers, and how they were batched.</summary>
internal sealed class EventRecorder
{
    public EventRecorder()
    {
        Sink = OnEvents;
    }

    public KernelEventSink Sink { get; }

    public List<NativeEvent> Events { get; } = [];

    public int Batches { get; private set; }

    public int LargestBatch { get; private set; }

    /// <summary>The events as the binding prints them, for whole-sequence assertions.</summary>
    public string[] Lines => [.. Events.Select(e => e.ToString())];

    public int Count(NativeEventKind kind) => Events.Count(e => e.Kind == kind);

    public void Clear()
    {
        Events.Clear();
        Batches = 0;
        LargestBatch = 0;
    }

    private void OnEvents(ReadOnlySpan<NativeEvent> events)
    {
        Batches++;
        LargestBatch = Math.Max(LargestBatch, events.Length);
        Events.AddRange(events);
    }
}
