using System.Diagnostics;

namespace Harness.Implementation;

/// <summary>
/// Arrays of a page's descriptors handed back when their table is done, kept per thread and handed to
/// the next that needs one: pools (<see cref="PagePool.Release"/>) and the harness's copies of tables. A
/// campaign builds thousands of short-lived tables, and without this every table page of every test is
/// a fresh array for the collector to find and clear. Arrays come out zeroed, like a fresh one.
/// </summary>
public static class RecycledPages
{
    /// <summary>
    /// At most this many bytes of page arrays kept per page size and thread: a test's tables, and the
    /// harness's copies of them, take a few dozen pages each (64 of 64 KiB is 4 MiB), and every thread
    /// that ever runs a campaign keeps its own.
    /// </summary>
    private const int BytesKept = 12 << 20;

    [ThreadStatic]
    private static Dictionary<int, Stack<ulong[]>>? t_free;

    /// <summary>A zeroed page of <paramref name="entries"/> descriptors.</summary>
    public static ulong[] Rent(int entries) =>
        t_free is { } free && free.TryGetValue(entries, out var stack) && stack.TryPop(out var page) ? page : new ulong[entries];

    /// <summary>Takes <paramref name="page"/> back, zeroing it; the caller must not touch it again.</summary>
    public static void Return(ulong[] page) => Keep(page, zeroed: false);

    /// <summary>
    /// Takes back <paramref name="page"/>, which the caller has already zeroed (it knows how far the page
    /// was written, and clearing the rest again would cost a page's worth of writes).
    /// </summary>
    public static void ReturnZeroed(ulong[] page)
    {
        Debug.Assert(!page.AsSpan().ContainsAnyExcept(0UL), "a page handed back as zeroed holds a descriptor");
        Keep(page, zeroed: true);
    }

    private static void Keep(ulong[] page, bool zeroed)
    {
        var free = t_free ??= [];
        if (!free.TryGetValue(page.Length, out var stack))
        {
            free[page.Length] = stack = new Stack<ulong[]>();
        }
        if ((long)(stack.Count + 1) * page.Length * sizeof(ulong) <= BytesKept)
        {
            if (!zeroed)
            {
                Array.Clear(page);
            }
            stack.Push(page);
        }
    }
}
