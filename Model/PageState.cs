namespace Harness.Model;

/// <summary>
/// What one page is, seen from its page table: its owner (0 = the table's owner, the host) and, for a
/// host page, whether it is mapped, at which output address (<c>page + Delta</c>) and with which access.
/// The default value is "the host's, not mapped": a zero descriptor.
/// </summary>
public readonly record struct PageState(ulong Owner, bool Mapped, ulong Delta, Access Access)
{
    public static PageState Unmapped => default;

    public static PageState OwnedBy(ulong owner) => new(owner, false, 0, Access.None);

    public static PageState MappedAt(ulong delta, Access access) => new(0, true, delta, access);

    public override string ToString() => Mapped
        ? $"mapped(pa = ipa{(Delta == 0 ? "" : Delta > long.MaxValue ? $" - 0x{0 - Delta:x}" : $" + 0x{Delta:x}")}, {Access})"
        : Owner == 0 ? "host, unmapped" : $"owned by {Owner}";
}
