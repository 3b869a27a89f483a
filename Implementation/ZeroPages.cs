namespace Harness.Implementation;

/// <summary>
/// One page of zero descriptors per page size, shared: what a page never written reads as. Handed out
/// only as read-only spans, so nobody can write it; a world per test used to allocate its own (64 KiB with
/// the 64K granule) for nothing but reading zeros.
/// </summary>
public static class ZeroPages
{
    private static readonly ulong[] Entries4K = new ulong[1 << 9];
    private static readonly ulong[] Entries16K = new ulong[1 << 11];
    private static readonly ulong[] Entries64K = new ulong[1 << 13];

    /// <summary>A page of <paramref name="entries"/> zero descriptors (512, 2,048 or 8,192).</summary>
    public static ReadOnlySpan<ulong> Of(int entries) => entries switch
    {
        1 << 9 => Entries4K,
        1 << 11 => Entries16K,
        1 << 13 => Entries64K,
        _ => new ulong[entries],
    };
}
