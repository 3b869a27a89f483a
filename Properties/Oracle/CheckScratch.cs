using Harness.Model;

namespace Harness.Properties.Oracle;

/// <summary>
/// The buffers the checks of one world reuse from step to step: the lists a <see cref="Scope"/> fills
/// and what <see cref="TableShadow"/> records of a step (shadow pages' arrays come from
/// <c>RecycledPages</c>, as the port's do). A world takes one when it is made and gives it back when it
/// is disposed, so that the next world on the same thread starts with buffers already grown: a campaign
/// makes a world per test, and without this the checks would allocate (and the collector reclaim) the
/// same lists thousands of times a second.
/// </summary>
public sealed class CheckScratch
{
    [ThreadStatic]
    private static Stack<CheckScratch>? t_free;

    public List<ShadowPage> TouchedPages { get; } = [];

    public List<WrittenSlot> WrittenSlots { get; } = [];

    public List<ulong> FreedPages { get; } = [];

    public List<PageRange> Ranges { get; } = [];

    /// <summary>The IPA ranges of the current step: its writes and the model's changes (<see cref="Scope.Touched"/> fills it).</summary>
    public RangeList WrittenRanges { get; } = new();

    public List<LeafRun> Leaves { get; } = [];

    public List<LeafRun> HypLeaves { get; } = [];

    public List<ShadowPage> Pages { get; } = [];

    /// <summary>A scratch from this thread's free ones, or a new one.</summary>
    public static CheckScratch Rent() => t_free is { Count: > 0 } free ? free.Pop() : new CheckScratch();

    /// <summary>
    /// Gives the scratch back for the next world on this thread; nothing may use it afterwards. A list
    /// grown past <see cref="KeptCapacity"/> by one huge step is let go, so that the largest step ever
    /// run does not stay in memory for the life of the thread.
    /// </summary>
    public void Return()
    {
        Reset(TouchedPages);
        Reset(WrittenSlots);
        Reset(FreedPages);
        Reset(Ranges);
        Reset(WrittenRanges.Items);
        WrittenRanges.Clear();
        Reset(Leaves);
        Reset(HypLeaves);
        Reset(Pages);
        (t_free ??= new()).Push(this);
    }

    /// <summary>
    /// Entries a list keeps room for between worlds: above what a campaign's largest steps need (host
    /// donations write hundreds of thousands of descriptors, and regrowing their lists every test costs a
    /// quarter of a soak's throughput), below what a pathological trace could leave behind.
    /// </summary>
    private const int KeptCapacity = 1 << 20;

    private static void Reset<T>(List<T> list)
    {
        list.Clear();
        if (list.Capacity > KeptCapacity)
        {
            list.Capacity = KeptCapacity;
        }
    }
}
