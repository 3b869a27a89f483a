using System.Runtime.InteropServices;

namespace Harness.Properties.Backends.Kernel;

/// <summary>The exact layout of <c>struct harness_pool_info</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativePoolInfo
{
    public nint Name;
    public ulong BasePa;
    public ulong NrPages;
    public ulong UsedPages;
    public uint MaxOrder;
}
