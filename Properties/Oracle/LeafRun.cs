namespace Harness.Properties.Oracle;

/// <summary>
/// <see cref="Count"/> leaves in consecutive slots of one table page, each the one before it moved on by
/// a slot: an owner annotation repeated, or a valid leaf whose output address advances by the slot's size
/// with every other bit the same. A 2 MiB identity map is one run of 512 pages, a donation one run of
/// annotations: claims judge a run at once where the spec's rule gives every leaf of it the same
/// verdict, and go leaf by leaf (<see cref="Leaf"/>) where it may not.
/// </summary>
/// <remarks>
/// The leaves of a run differ only in where they are (IPA, slot) and, when valid, in their output
/// address, by the same amount: so a rule that reads the descriptor's other bits, its level, or the
/// distance between IPA and output address judges them all alike.
/// </remarks>
public readonly record struct LeafRun(LeafView First, int Count, int PageShift)
{
    /// <summary>The first IPA (VA in the hypervisor's stage 1) the run covers.</summary>
    public ulong Start => First.Start;

    /// <summary>One past the last IPA the run covers.</summary>
    public ulong End => First.Start + ((ulong)Count * First.Size);

    public LeafView Last => Leaf(Count - 1);

    /// <summary>
    /// What each leaf adds to the descriptor before it: the slot's size for a valid leaf (the output
    /// address field holds the address itself from the page shift up, in every granule), nothing for an
    /// annotation.
    /// </summary>
    public ulong Step => First.Pte.IsValid ? First.Size : 0;

    /// <summary>The run's <paramref name="i"/>-th leaf, exactly as it sits in its slot.</summary>
    public LeafView Leaf(int i)
    {
        var offset = (ulong)i * First.Size;
        return new LeafView(First.Start + offset, First.End + offset, First.Level, new Descriptor(First.Pte.Bits + ((ulong)i * Step)), First.SlotPa + (8UL * (ulong)i));
    }

    /// <summary>
    /// Whether <paramref name="bits"/>, in the slot after <paramref name="previous"/>'s, continues its run:
    /// the same descriptor for an annotation; for a valid leaf, the output address one step on with no
    /// carry out of the address field (a run ends where the next address would not fit). Every gathering of
    /// runs joins slots by this rule alone, within one table page (<see cref="ShadowPage.RunEnd"/>).
    /// </summary>
    public static bool Follows(ulong previous, ulong bits, ulong step, ulong addressBits) =>
        bits == previous + step && ((bits ^ previous) & ~addressBits) == 0;
}
