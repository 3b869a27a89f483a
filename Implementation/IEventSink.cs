namespace Harness.Implementation;

/// <summary>
/// Receives the events of an <see cref="EventLog"/> as they happen, so a checker can consume them
/// without the log keeping every write of a command that writes millions of descriptors.
/// </summary>
public interface IEventSink
{
    void On(in Event e);
}
