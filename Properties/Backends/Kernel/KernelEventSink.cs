namespace Harness.Properties.Backends.Kernel;

/// <summary>
/// Receives a kernel instance's events in program order, one batch at a time. The span is the
/// instance's own buffer: valid only during the call, so copy what must outlive it. A sink must not
/// call back into the same library (the call in progress holds its statics).
/// </summary>
public delegate void KernelEventSink(ReadOnlySpan<NativeEvent> events);
