namespace Harness.Implementation;

/// <summary>
/// The ordered log of descriptor writes, TLB and cache maintenance and page-allocator traffic, shared
/// by every table and pool of one world so that checks can see their interleaving (spec 5.0, 8).
/// </summary>
public sealed class EventLog
{
    private readonly List<Event> _events = [];

    /// <summary>When false nothing is recorded (benchmarks of the bare walker).</summary>
    public bool Enabled { get; set; } = true;

    public int Count => _events.Count;

    public Event this[int index] => _events[index];

    public void Add(in Event e)
    {
        if (Enabled)
        {
            _events.Add(e);
        }
    }

    /// <summary>Forgets everything recorded so far; checks call it between commands.</summary>
    public void Clear() => _events.Clear();

    /// <summary>The events recorded since position <paramref name="from"/>.</summary>
    public ReadOnlySpan<Event> Since(int from) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_events)[from..];
}
