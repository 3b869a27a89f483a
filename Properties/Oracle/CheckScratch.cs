using Harness.Model;

namespace Harness.Properties.Oracle;

/// <summary>
/// The buffers the checks of one world reuse from step to step: the lists a <see cref="Scope"/> fills,
/// the leaves <see cref="ObservedPages"/> gathers, what <see cref="TableShadow"/> records of a step, and
/// the arrays of shadow pages. A world takes one when
/// it is made and gives it back when it is disposed, so that the next world on the same thread starts
/// with buffers already grown: a campaign makes a world per test, and without this the checks would
/// allocate (and the collector reclaim) the same lists thousands of times a second.
/// </summary>
public sealed class CheckScratch
{
    /// <summary>Spare page arrays kept per size: enough for a large table, bounded so memory stays flat.</summary>
    private const int MaxSparePages = 1024;

    [ThreadStatic]
    private static Stack<CheckScratch>? t_free;

    private readonly Dictionary<int, Stack<ulong[]>> _spareEntries = [];

    public List<ShadowPage> TouchedPages { get; } = [];

    public List<(ShadowPage Page, int Index, bool ChangesPages)> WrittenSlots { get; } = [];

    public List<ulong> FreedPages { get; } = [];

    public List<PageRange> Ranges { get; } = [];

    public List<LeafView> Leaves { get; } = [];

    public List<LeafView> HypLeaves { get; } = [];

    public List<LeafView> ObservedLeaves { get; } = [];

    public List<ShadowPage> Pages { get; } = [];

    /// <summary>A scratch from this thread's free ones, or a new one.</summary>
    public static CheckScratch Rent() => t_free is { Count: > 0 } free ? free.Pop() : new CheckScratch();

    /// <summary>Gives the scratch back for the next world on this thread; nothing may use it afterwards.</summary>
    public void Return()
    {
        TouchedPages.Clear();
        WrittenSlots.Clear();
        FreedPages.Clear();
        Ranges.Clear();
        Leaves.Clear();
        HypLeaves.Clear();
        ObservedLeaves.Clear();
        Pages.Clear();
        (t_free ??= new()).Push(this);
    }

    /// <summary>A zeroed array for a page of <paramref name="entries"/> descriptors.</summary>
    public ulong[] Entries(int entries) =>
        _spareEntries.TryGetValue(entries, out var spare) && spare.TryPop(out var page) ? page : new ulong[entries];

    /// <summary>Takes back a page array, zeroing it, unless enough are kept already.</summary>
    public void Release(ulong[] page)
    {
        if (!_spareEntries.TryGetValue(page.Length, out var spare))
        {
            _spareEntries[page.Length] = spare = new Stack<ulong[]>();
        }
        if (spare.Count < MaxSparePages)
        {
            Array.Clear(page);
            spare.Push(page);
        }
    }
}
