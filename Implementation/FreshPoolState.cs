namespace Harness.Implementation;

/// <summary>
/// A buddy allocator's free lists right after <c>hyp_pool_init</c> attached every page, kept per pool
/// size, maximum order and thread, and copied into each new pool of that shape. A campaign builds a pool
/// or three per test, mostly of a handful of sizes, and attaching page by page cost about 10 ns a page
/// (5 us for the 515-page MMIO pool of every 4K host test) where the copy costs a fraction of it. What is
/// copied is what attaching produced, so the free lists are in the kernel's order.
/// </summary>
internal sealed class FreshPoolState
{
    /// <summary>Shapes kept per thread; past it the thread starts again (host memory layouts make many sizes).</summary>
    private const int ShapesKept = 32;

    [ThreadStatic]
    private static Dictionary<(int Pages, int MaxOrder), FreshPoolState>? t_kept;

    private readonly byte[] _order;
    private readonly int[] _next;
    private readonly int[] _prev;
    private readonly int[] _freeHead;
    private readonly int[] _freeTail;

    private FreshPoolState(byte[] order, int[] next, int[] prev, int[] freeHead, int[] freeTail)
    {
        _order = order;
        _next = next;
        _prev = prev;
        _freeHead = freeHead;
        _freeTail = freeTail;
    }

    /// <summary>The state kept for pools of <paramref name="pages"/> pages and <paramref name="maxOrder"/>, or null.</summary>
    public static FreshPoolState? Find(int pages, int maxOrder) =>
        t_kept is { } kept && kept.TryGetValue((pages, maxOrder), out var state) ? state : null;

    /// <summary>Keeps a copy of a pool's arrays right after every page was attached.</summary>
    public static void Keep(int pages, int maxOrder, byte[] order, int[] next, int[] prev, int[] freeHead, int[] freeTail)
    {
        var kept = t_kept ??= [];
        if (kept.Count >= ShapesKept)
        {
            kept.Clear();
        }
        kept[(pages, maxOrder)] = new FreshPoolState([.. order], [.. next], [.. prev], [.. freeHead], [.. freeTail]);
    }

    /// <summary>Forgets every state kept on this thread (tests of the attaching itself).</summary>
    public static void ForgetAll() => t_kept?.Clear();

    /// <summary>Copies the state into a new pool's arrays, which have its shape.</summary>
    public void CopyTo(byte[] order, int[] next, int[] prev, int[] freeHead, int[] freeTail)
    {
        _order.CopyTo(order, 0);
        _next.CopyTo(next, 0);
        _prev.CopyTo(prev, 0);
        _freeHead.CopyTo(freeHead, 0);
        _freeTail.CopyTo(freeTail, 0);
    }
}
