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
public sealed class Stage2Generators(Shapes shapes)
{
    /// <summary>Owner ids 0, 1 and the first invalid one.</summary>
    public Gen<ulong> OwnerIncludingInvalid { get; } = Gen.Frequency((3, Gen.Constant(0UL)), (6, Gen.Constant(1UL)), (1, Gen.Constant(2UL)));

    /// <summary>Mostly rwx (what the host uses), sometimes weaker, rarely the invalid x+d.</summary>
    public Gen<Prot> ProtMostlyRwx { get; } = Gen.Frequency(
        (6, Gen.Constant(Prot.Rwx)), (2, Gen.Constant(Prot.Rw)), (1, Gen.Constant(Prot.R)),
        (1, Gen.Constant(Prot.R | Prot.W | Prot.Device)), (1, Gen.Constant(Prot.None)), (1, Gen.Constant(Prot.X | Prot.Device)));

    /// <summary>
    /// Mostly <see cref="MapNearBoundary"/>; where the start level allows no leaves, 1 in 40 maps one
    /// whole start-level entry, the only range in which a block at that level could be written.
    /// </summary>
    public Gen<Command> Map => shapes.WholeStartEntry is var (addr, size)
        ? Gen.Frequency((39, MapNearBoundary), (1, Gen.Constant((Command)new Commands.Map(addr, size, addr, Prot.Rwx))))
        : MapNearBoundary;

    public Gen<Command> MapNearBoundary => from a in shapes.AddrOrInvalid
                                           from s in shapes.RangeSize
                                           from identity in Gen.Frequency((30, Gen.Constant(true)), (1, Gen.Constant(false)))
                                           from p in ProtMostlyRwx
                                           select (Command)new Commands.Map(a, s, identity ? a : a + shapes.Geometry.PageSize, p);

    public Gen<Command> Unmap => from a in shapes.AddrOrInvalid from s in shapes.RangeSize select (Command)new Commands.Unmap(a, s);

    public Gen<Command> SetOwner => from a in shapes.AddrOrInvalid from s in shapes.AnnotationSize from o in OwnerIncludingInvalid select (Command)new Commands.SetOwner(a, s, o);

    public Gen<Command> GetLeaf => shapes.AddrOrInvalid.Select(a => (Command)new Commands.GetLeaf(a));
}
