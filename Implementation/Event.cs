namespace Harness.Implementation;

/// <summary>
/// One entry of the ordered maintenance log. A plain struct so that logging allocates nothing but the
/// list slot; which fields mean what depends on <see cref="Kind"/>.
/// </summary>
public readonly record struct Event(EventKind Kind, ulong Pa, ulong Ipa, int Level, ulong Old, ulong New)
{
    /// <summary>For <see cref="EventKind.Cmo"/>: the length; for <see cref="EventKind.Alloc"/> and <see cref="EventKind.Free"/>: the order.</summary>
    public ulong Len => Old;

    public override string ToString() => Kind switch
    {
        EventKind.PteWrite => $"write 0x{Pa:x} (ipa 0x{Ipa:x} L{Level}) 0x{Old:x16} -> 0x{New:x16}",
        EventKind.TlbiVmid => "tlbi vmid",
        EventKind.TlbiIpa => Level < 0 ? $"tlbi ipa 0x{Ipa:x16} any" : $"tlbi ipa 0x{Ipa:x16} level {Level}",
        EventKind.Cmo => $"cmo 0x{Pa:x16} 0x{Len:x}",
        EventKind.Alloc => $"alloc 0x{Pa:x} order {Old}",
        EventKind.Free => $"free 0x{Pa:x} order {Old}",
        _ => $"{Kind} 0x{Pa:x}",
    };
}
