using System.Runtime.InteropServices;

namespace Harness.Properties.Backends.Kernel;

/// <summary>
/// One event as the kernel backend delivers it: the exact layout of <c>struct harness_event</c>
/// (native/include/harness_abi.h), so a batch is read in place, without copying or marshalling.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct NativeEvent
{
    private readonly uint _kind;
    private readonly int _level;
    private readonly ulong _pa;
    private readonly ulong _ipa;
    private readonly ulong _a;
    private readonly ulong _b;
    private readonly nint _where;

    public NativeEventKind Kind => (NativeEventKind)_kind;

    /// <summary>For <see cref="NativeEventKind.TlbiIpa"/>: the level hint, or -1 for none; otherwise 0.</summary>
    public int Level => _level;

    public ulong Pa => _pa;

    public ulong Ipa => _ipa;

    public ulong A => _a;

    public ulong B => _b;

    /// <summary>For warnings and BUGs: the kernel's <c>file:line</c> (a static string of the library); otherwise null.</summary>
    public string? Where => _where == 0 ? null : Marshal.PtrToStringUTF8(_where);

    public override string ToString() => Kind switch
    {
        NativeEventKind.PteWrite => $"write 0x{Pa:x} 0x{A:x16} -> 0x{B:x16}",
        NativeEventKind.TlbiVmid => "tlbi vmid",
        NativeEventKind.TlbiIpa => Level < 0 ? $"tlbi ipa 0x{Ipa:x16} any" : $"tlbi ipa 0x{Ipa:x16} level {Level}",
        NativeEventKind.Cmo => $"cmo 0x{Pa:x16} 0x{A:x}",
        NativeEventKind.Alloc or NativeEventKind.Free => $"{Kind} 0x{Pa:x} order {A}",
        NativeEventKind.Get or NativeEventKind.Put => $"{Kind} 0x{Pa:x} {A} -> {B}",
        NativeEventKind.Warning or NativeEventKind.KernelBug => $"{Kind} at {Where}",
        NativeEventKind.AllocFailed => $"{Kind} 0x{Pa:x}{(B != 0 ? " (injected)" : "")}",
        _ => $"{Kind} 0x{Pa:x}",
    };
}
