using System.Runtime.InteropServices;

namespace Harness.Properties.Backends.Kernel;

/// <summary>The exact layout of <c>struct harness_region</c>: one memory region <c>[Base, End)</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeRegion
{
    public ulong Base;
    public ulong End;
}
