using Harness.Implementation;
using Harness.Properties.Backends.Kernel;

namespace Harness.Properties.Tests.Kernel;

/// <summary>
/// The port's log and the kernel's events in one comparable form: what both sides record. The port's
/// descriptor writes also carry the IPA and level they cover, which the kernel's store hook cannot
/// know, and the port logs an allocation failure's order where the kernel logs whether it was
/// injected, so those fields are left out.
/// </summary>
internal static class PortEvents
{
    /// <summary>
    /// The port's events; <paramref name="pa"/> maps its page addresses onto the kernel's and
    /// <paramref name="poolBase"/> its pool bases (an allocation failure names the pool); identity by default.
    /// </summary>
    public static string[] Normalise(ReadOnlySpan<Event> events, Func<ulong, ulong>? pa = null, Func<ulong, ulong>? poolBase = null)
    {
        var lines = new string[events.Length];
        for (var i = 0; i < events.Length; i++)
        {
            var e = events[i];
            var map = e.Kind == EventKind.AllocFailed ? poolBase : pa;
            lines[i] = Line((NativeEventKind)(uint)e.Kind, e.Pa, e.Ipa, e.Level, e.Old, e.New, map ?? (x => x));
        }
        return lines;
    }

    public static string[] Normalise(IEnumerable<NativeEvent> events) =>
        [.. events.Select(e => Line(e.Kind, e.Pa, e.Ipa, e.Level, e.A, e.B, x => x))];

    private static string Line(NativeEventKind kind, ulong pa, ulong ipa, int level, ulong a, ulong b, Func<ulong, ulong> map) => kind switch
    {
        NativeEventKind.PteWrite => $"write 0x{map(pa):x} 0x{Descriptor(a, map):x} -> 0x{Descriptor(b, map):x}",
        NativeEventKind.TlbiVmid => "tlbi vmid",
        NativeEventKind.TlbiIpa => $"tlbi ipa 0x{ipa:x} level {level}",
        NativeEventKind.Cmo => $"cmo 0x{pa:x} 0x{a:x}",
        NativeEventKind.Alloc or NativeEventKind.Free => $"{kind} 0x{map(pa):x} order {a}",
        NativeEventKind.Get or NativeEventKind.Put => $"{kind} 0x{map(pa):x} {a} -> {b}",
        NativeEventKind.Warning => "warning",
        _ => $"{kind} 0x{map(pa):x}",
    };

    /// <summary>A table descriptor names a table page: map its address too (leaves' outputs are IPAs, kept as they are).</summary>
    public static ulong Descriptor(ulong value, Func<ulong, ulong> map)
    {
        const ulong address = 0x0000_FFFF_FFFF_F000;
        if ((value & 3) != 3)
        {
            return value;
        }
        var mapped = map(value & address);
        return mapped == (value & address) ? value : (value & ~address) | mapped;
    }
}
