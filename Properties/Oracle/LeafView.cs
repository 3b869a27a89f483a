namespace Harness.Properties.Oracle;

/// <summary>
/// A non-zero leaf descriptor of the shadow covering <c>[Start, End)</c> at <see cref="Level"/>, and where
/// the descriptor sits (<see cref="SlotPa"/>). A plain value, without a reference to its page: a step
/// gathers one per run of leaves it wrote (<see cref="LeafRun"/>), and storing references costs a write
/// barrier each.
/// </summary>
public readonly record struct LeafView(ulong Start, ulong End, int Level, Descriptor Pte, ulong SlotPa)
{
    public ulong Size => End - Start;
}
