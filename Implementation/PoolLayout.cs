namespace Harness.Implementation;

/// <summary>
/// Where simulated pools sit in physical memory. Table addresses never reach a trace or a dump, so
/// any distinct, well-aligned bases do; these are far above every IPA the harness generates.
/// </summary>
public static class PoolLayout
{
    /// <summary>The base of the <paramref name="index"/>-th pool: 1 TiB apart from 64 TiB on.</summary>
    public static ulong Base(int index) => (64UL << 40) + ((ulong)index << 40);
}
