namespace Harness.Properties.Backends;

/// <summary>
/// What the checks read from a backend, the same on both: table memory by physical address, the
/// allocator's reference counts and allocation state, the pools and the roots. Reading never logs and
/// never goes through the backend's walker, so a walker bug cannot hide from the checks.
/// </summary>
public interface ITableMemory
{
    /// <summary>The pools table pages come from: <c>pool</c> (stage2 layer), or <c>mem</c>, <c>dev</c> and, with donate-maps-hyp, <c>hyp</c>.</summary>
    IReadOnlyList<PoolInfo> Pools { get; }

    /// <summary>The first page of the stage-2 root, or null when the table has none.</summary>
    ulong? Root { get; }

    /// <summary>The hypervisor stage-1 root, with its start level and VA size, when there is one.</summary>
    (ulong Pa, int StartLevel, int VaBits)? HypRoot { get; }

    /// <summary>Descriptor <paramref name="index"/> of the page at <paramref name="tablePa"/>; 0 outside every pool.</summary>
    ulong Read(ulong tablePa, int index);

    /// <summary>
    /// Every descriptor of the page at <paramref name="pagePa"/>, read in place without a copy (zeros outside
    /// every pool); valid until the backend runs again.
    /// </summary>
    ReadOnlySpan<ulong> Page(ulong pagePa);

    /// <summary>Whether every descriptor of the page at <paramref name="pagePa"/> is zero: <see cref="Page"/> scanned, or less where the backend knows a page was never written.</summary>
    bool IsZero(ulong pagePa);

    /// <summary>The allocator's reference count of the page holding <paramref name="pa"/>; -1 outside every pool.</summary>
    int PageCount(ulong pa);

    /// <summary>Whether the page holding <paramref name="pa"/> is part of an allocated block.</summary>
    bool IsAllocated(ulong pa);

    /// <summary>
    /// The allocator's count and allocation state of every page of <paramref name="pool"/>, in page order:
    /// <see cref="PageCount"/> and <see cref="IsAllocated"/> of each page at once.
    /// </summary>
    void ReadPool(int pool, Span<int> counts, Span<bool> allocated);

    /// <summary>
    /// Which pages of <paramref name="pool"/> may hold anything but zeros, in page order: false only for a
    /// page the backend knows was never written. A backend that cannot tell says true for every page.
    /// </summary>
    void ReadWritten(int pool, Span<bool> written);

    /// <summary>Pages of <paramref name="pool"/> in allocated blocks, as the allocator counts them.</summary>
    int UsedPages(int pool);

    /// <summary>Free lists of <paramref name="pool"/> exist for orders 0 .. MaxOrder - 1.</summary>
    int MaxOrder(int pool);
}
