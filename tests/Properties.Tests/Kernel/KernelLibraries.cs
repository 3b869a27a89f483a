using Harness.Implementation;
using Harness.Properties.Backends.Kernel;

namespace Harness.Properties.Tests.Kernel;

/// <summary>
/// The kernel backend's libraries for the tests: built once per run (make decides what is stale) from
/// the tree <see cref="KernelTree.Locate"/> finds. A machine without the tree, gcc or make skips with
/// the reason; any other build failure fails the test.
/// </summary>
internal static class KernelLibraries
{
    private static readonly Lazy<KernelTree> Tree = new(() => KernelTree.Locate());

    public static KernelLibrary Get(Granule granule, bool stock, int slot = 0)
    {
        var build = KernelBuild.Build(Tree.Value, granule, stock);
        if (build.Status is KernelBuildStatus.TreeMissing or KernelBuildStatus.ToolsMissing)
        {
            Assert.Skip($"kernel backend unavailable: {build.Reason}");
        }
        Assert.True(build.IsBuilt, $"kernel backend build failed: {build.Reason}");
        return KernelLibrary.Load(build.LibraryPath!, slot);
    }

    /// <summary>Every granule, profile and stock.</summary>
    public static TheoryData<Granule, bool> Variants => new()
    {
        { Granule.Size4K, false },
        { Granule.Size4K, true },
        { Granule.Size16K, false },
        { Granule.Size16K, true },
        { Granule.Size64K, false },
        { Granule.Size64K, true },
    };

    /// <summary>An IPA size whose root fits a small v5.13 pool (16K at 40 bits needs a 16-page root).</summary>
    public static int SmallIa(Granule granule) => granule == Granule.Size16K ? 48 : 40;
}
