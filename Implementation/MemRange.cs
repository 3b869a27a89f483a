namespace Harness.Implementation;

/// <summary>A half-open range of addresses <c>[Start, End)</c>. Mirrors <c>struct kvm_mem_range</c> (kvm_pgtable.h, v5.13).</summary>
public readonly record struct MemRange(ulong Start, ulong End)
{
    public ulong Size => End - Start;

    public bool Contains(ulong addr) => addr >= Start && addr < End;

    /// <summary>Whether <c>[start, end)</c> lies wholly inside this range.</summary>
    public bool Covers(ulong start, ulong end) => start >= Start && end <= End;

    public override string ToString() => $"[0x{Start:x}, 0x{End:x})";
}
