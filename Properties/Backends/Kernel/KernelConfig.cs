using Harness.Implementation;

namespace Harness.Properties.Backends.Kernel;

/// <summary>
/// What a kernel instance is created from: the trace format's configuration items less the granule
/// and profile, which are the library's (<see cref="KernelLibrary"/>).
/// </summary>
/// <param name="Layer">Which API the commands drive.</param>
/// <param name="IaBits">Stage2: 32..48 (52 with 64K); host: a PARange size, which is also the physical address size.</param>
/// <param name="PoolPages">Stage2 layer: pages of its one pool, root included. Ignored by the host layer, whose pools the kernel sizes.</param>
/// <param name="Fixes">Later upstream behaviours on top of the profile.</param>
/// <param name="Regions">Host layer: memory regions, sorted, disjoint, page aligned, at most 128.</param>
public sealed record KernelConfig(Layer Layer, int IaBits, ulong PoolPages, KernelFixes Fixes, IReadOnlyList<MemRange> Regions)
{
    /// <summary>A raw stage-2 table (IDMAP, no FWB) with a pool of <paramref name="poolPages"/> pages.</summary>
    public static KernelConfig Stage2(int iaBits, ulong poolPages, KernelFixes fixes = KernelFixes.None) =>
        new(Layer.Stage2, iaBits, poolPages, fixes, []);

    /// <summary>The pKVM host stage 2 over <paramref name="regions"/>, with an <paramref name="iaBits"/>-bit PARange.</summary>
    public static KernelConfig Host(int iaBits, IReadOnlyList<MemRange> regions, KernelFixes fixes = KernelFixes.None) =>
        new(Layer.Host, iaBits, 0, fixes, regions);
}
