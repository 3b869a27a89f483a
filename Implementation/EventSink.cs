namespace Harness.Implementation;

/// <summary>
/// Receives the events of an <see cref="EventLog"/> as they happen, so a checker can consume them
/// without the log keeping every write of a command that writes millions of descriptors.
/// </summary>
/// <remarks>
/// A class, not an interface: every descriptor write and every reference-count move goes through
/// <see cref="On"/>, and the one call site sees sinks of several types, where a virtual call costs a
/// fraction of an interface call.
/// </remarks>
public abstract class EventSink
{
    public abstract void On(in Event e);
}
