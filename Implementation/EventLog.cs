namespace Harness.Implementation;

/// <summary>
/// The ordered log of descriptor writes, TLB and cache maintenance and page-allocator traffic, shared
/// by every table and pool of one world so that checks can see their interleaving (spec 5.0, 8).
/// </summary>
public sealed class EventLog
{
    private readonly List<Event> _events = [];

    /// <summary>When false nothing is recorded or forwarded (benchmarks of the bare walker).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether events are kept for <see cref="Since"/> (tests, diagnostics). A checker that consumes them
    /// through <see cref="Sink"/> turns this off, so memory does not grow with the writes of a command.
    /// </summary>
    public bool Keep { get; set; } = true;

    /// <summary>Where every event goes as it happens, before it is kept.</summary>
    public EventSink? Sink { get; set; }

    public int Count => _events.Count;

    public Event this[int index] => _events[index];

    public void Add(in Event e)
    {
        if (!Enabled)
        {
            return;
        }
        Sink?.On(e);
        if (Keep)
        {
            _events.Add(e);
        }
    }

    /// <summary>Forgets everything recorded so far; checks call it between commands.</summary>
    public void Clear() => _events.Clear();

    /// <summary>The events recorded since position <paramref name="from"/>.</summary>
    public ReadOnlySpan<Event> Since(int from) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_events)[from..];
}
