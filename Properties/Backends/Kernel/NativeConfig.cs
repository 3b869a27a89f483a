using System.Runtime.InteropServices;

namespace Harness.Properties.Backends.Kernel;

/// <summary>The exact layout of <c>struct harness_config</c>, filled for the duration of <c>harness_create</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeConfig
{
    public uint Layer;
    public uint IaBits;
    public ulong PoolPages;
    public uint Fixes;
    public uint NrRegions;
    public NativeRegion* Regions;
}
