namespace Harness.Properties.Oracle;

/// <summary>
/// One logged descriptor write, placed by the oracle's shadow: the table page and index it hit, the level
/// and IPA range of the slot, the value before and after. <see cref="Page"/> is null when the write hit no
/// page the oracle knows as a table.
/// </summary>
public readonly record struct WriteContext(ShadowPage? Page, int Index, ulong SlotPa, ulong Start, ulong Size, Descriptor Old, Descriptor New)
{
    public int Level => Page?.Level ?? -1;

    public ulong End => Start + Size;

    public bool IsHyp => Page?.IsHyp ?? false;

    /// <summary>A valid descriptor cleared to zero: what break-before-make and the TLB claims follow.</summary>
    public bool ClearsValid => Old.IsValid && New.Bits == 0;
}
