using Harness.Implementation;
using Harness.Properties.Backends;

namespace Harness.Properties.Tests.Kernel;

/// <summary>
/// The kernel backend for campaigns and replays in the tests: its libraries are built first, through
/// <see cref="KernelLibraries"/>, so that a machine without the tree, gcc or make skips with the reason
/// and a build that fails fails the test, before any campaign could report a configuration as unbuildable.
/// </summary>
internal static class KernelBackend
{
    private static readonly Granule[] AllGranules = [Granule.Size4K, Granule.Size16K, Granule.Size64K];

    /// <summary>
    /// The kernel backend, the profile build or <paramref name="stock"/>, with its library built for
    /// <paramref name="granule"/> (every granule when null, as a swarm draws them all); skips when the
    /// backend is unavailable.
    /// </summary>
    public static BackendChoice RequireOrSkip(bool stock = false, Granule? granule = null)
    {
        foreach (var g in granule is { } one ? [one] : AllGranules)
        {
            KernelLibraries.Get(g, stock);
        }
        return BackendChoice.Kernel with { Stock = stock };
    }

    /// <summary>The port as it is, or the kernel backend (profile build) after <see cref="RequireOrSkip"/>.</summary>
    public static BackendChoice For(BackendKind kind) => kind == BackendKind.Port ? BackendChoice.Port : RequireOrSkip();
}
