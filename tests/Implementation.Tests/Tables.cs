using Harness.Implementation;

namespace Harness.Implementation.Tests;

/// <summary>Factories and constants shared by the hand-computed tests.</summary>
internal static class Tables
{
    /// <summary><see cref="PoolLayout.Base"/>(0): 64 TiB, where the stage2 layer's pool starts.</summary>
    public const ulong PoolBase = 0x4000_0000_0000;

    public const ulong HypAnnotation = 0x0100_0000_0000_0000;

    /// <summary>A stage2-layer table (IDMAP, no FWB unless <paramref name="flags"/> says otherwise), v5.13 unless <paramref name="fixes"/> says otherwise.</summary>
    public static Stage2System New(
        Granule granule = Granule.Size4K,
        int ia = 40,
        int poolPages = 16,
        Bug bugs = Bug.None,
        Stage2Flags flags = Stage2Flags.IdMap | Stage2Flags.NoFwb,
        Fix fixes = Fix.None) =>
        Stage2System.Create(Geometry.Stage2(granule, ia)!.Value, poolPages, bugs, fixes, flags);

    /// <summary>The physical address of page <paramref name="n"/> of the stage2 layer's pool.</summary>
    public static ulong PoolPage(int n, Granule granule = Granule.Size4K) => PoolBase + ((ulong)n << (int)granule);

    /// <summary>The address of descriptor <paramref name="index"/> of the table page at <paramref name="tablePa"/>.</summary>
    public static ulong Slot(ulong tablePa, int index) => tablePa + ((ulong)index << 3);

    /// <summary>A 4K table descriptor pointing to <paramref name="childPa"/>.</summary>
    public static ulong TableDesc(ulong childPa) => childPa | 0x3;

    /// <summary>The events logged since <paramref name="mark"/>.</summary>
    public static Event[] Since(EventLog log, int mark) => log.Since(mark).ToArray();
}

/// <summary>Expected <see cref="Event"/> values, field for field.</summary>
internal static class Ev
{
    public static Event Write(ulong slotPa, ulong ipa, int level, ulong old, ulong @new) => new(EventKind.PteWrite, slotPa, ipa, level, old, @new);

    public static Event Tlbi(ulong ipa, int level) => new(EventKind.TlbiIpa, 0, ipa, level, 0, 0);

    public static Event TlbiVmid() => new(EventKind.TlbiVmid, 0, 0, 0, 0, 0);

    public static Event Cmo(ulong pa, ulong len) => new(EventKind.Cmo, pa, 0, 0, len, 0);

    public static Event Alloc(ulong pa, ulong order = 0) => new(EventKind.Alloc, pa, 0, 0, order, 0);

    public static Event Free(ulong pa, ulong order = 0) => new(EventKind.Free, pa, 0, 0, order, 0);

    public static Event Get(ulong pa, ulong from) => new(EventKind.Get, pa, 0, 0, from, from + 1);

    public static Event Put(ulong pa, ulong from) => new(EventKind.Put, pa, 0, 0, from, from - 1);

    public static Event Warning(ulong pa, ulong ipa, int level, ulong old, ulong @new) => new(EventKind.Warning, pa, ipa, level, old, @new);
}
