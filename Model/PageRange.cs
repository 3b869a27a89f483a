namespace Harness.Model;

/// <summary>The pages <c>[Start, End)</c> an operation walks.</summary>
public readonly record struct PageRange(ulong Start, ulong End)
{
    public static PageRange Empty => default;

    public bool IsEmpty => End <= Start;

    public bool Contains(ulong addr) => addr >= Start && addr < End;

    public override string ToString() => $"[0x{Start:x}, 0x{End:x})";
}
