namespace Harness.Properties.Oracle;

/// <summary>A non-zero leaf descriptor of the shadow covering <c>[Start, End)</c> at <see cref="Level"/>.</summary>
public readonly record struct LeafView(ulong Start, ulong End, int Level, Descriptor Pte, ShadowPage Page, int Index)
{
    public ulong Size => End - Start;
}
