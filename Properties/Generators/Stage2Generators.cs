using FsCheck;
using FsCheck.Fluent;
using Harness.Implementation;
using Harness.Properties.Commands;

namespace Harness.Properties.Generators;

/// <summary>
/// Command generators for the raw stage-2 layer of one geometry. Addresses cluster in a small arena so
/// operations overlap, sit on block boundaries of every leaf level (or one page off), and ranges span
/// whole blocks or straddle them; a small share of inputs is invalid on purpose.
/// </summary>
/// <remarks>Built once per geometry, as <see cref="Shapes"/> says why.</remarks>
public sealed class Stage2Generators
{
    /// <summary>Owner ids 0, 1 and the first invalid one.</summary>
    public static Gen<ulong> OwnerIncludingInvalid { get; } = Gen.Frequency((3, Gen.Constant(0UL)), (6, Gen.Constant(1UL)), (1, Gen.Constant(2UL)));

    /// <summary>Mostly rwx (what the host uses), sometimes weaker, rarely the invalid x+d.</summary>
    public static Gen<Prot> ProtMostlyRwx { get; } = Gen.Frequency(
        (6, Gen.Constant(Prot.Rwx)), (2, Gen.Constant(Prot.Rw)), (1, Gen.Constant(Prot.R)),
        (1, Gen.Constant(Prot.R | Prot.W | Prot.Device)), (1, Gen.Constant(Prot.None)), (1, Gen.Constant(Prot.X | Prot.Device)));

    /// <summary>Identity maps mostly: the host's stage 2 maps IPA == PA.</summary>
    private static readonly Gen<bool> MostlyIdentity = Gen.Frequency((30, Gen.Constant(true)), (1, Gen.Constant(false)));

    public Stage2Generators(Shapes shapes)
    {
        MapNearBoundary = from a in shapes.AddrOrInvalid
                          from s in shapes.RangeSize
                          from identity in MostlyIdentity
                          from p in ProtMostlyRwx
                          select (Command)new Commands.Map(a, s, identity ? a : a + shapes.Geometry.PageSize, p);
        Map = shapes.WholeStartEntry is var (addr, size)
            ? Gen.Frequency((39, MapNearBoundary), (1, Gen.Constant((Command)new Commands.Map(addr, size, addr, Prot.Rwx))))
            : MapNearBoundary;
        Unmap = from a in shapes.AddrOrInvalid from s in shapes.RangeSize select (Command)new Commands.Unmap(a, s);
        SetOwner = from a in shapes.AddrOrInvalid from s in shapes.AnnotationSize from o in OwnerIncludingInvalid select (Command)new Commands.SetOwner(a, s, o);
        GetLeaf = shapes.AddrOrInvalid.Select(a => (Command)new Commands.GetLeaf(a));
    }

    /// <summary>
    /// Mostly <see cref="MapNearBoundary"/>; where the start level allows no leaves, 1 in 40 maps one
    /// whole start-level entry, the only range in which a block at that level could be written.
    /// </summary>
    public Gen<Command> Map { get; }

    public Gen<Command> MapNearBoundary { get; }

    public Gen<Command> Unmap { get; }

    public Gen<Command> SetOwner { get; }

    public Gen<Command> GetLeaf { get; }
}
