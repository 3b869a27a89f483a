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
public sealed class Stage2Generators(Geometry geo)
{
    private readonly Shapes _shapes = new(geo);

    /// <summary>An address on or next to a block boundary of some leaf level, inside the arena.</summary>
    public Gen<ulong> AddrNearBoundary => _shapes.AddrNearBoundary;

    /// <summary>A page count, a whole number of blocks, a block plus or minus a page, or (rarely) 0.</summary>
    public Gen<ulong> RangeSize => _shapes.RangeSize;

    /// <summary>Owner ids 0, 1 and the first invalid one.</summary>
    public Gen<ulong> OwnerIncludingInvalid { get; } = Gen.Frequency((3, Gen.Constant(0UL)), (6, Gen.Constant(OwnerId.Hyp)), (1, Gen.Constant(OwnerId.Max + 1)));

    /// <summary>Mostly rwx (what the host uses), sometimes weaker, rarely the invalid x+d.</summary>
    public Gen<Prot> ProtMostlyRwx { get; } = Gen.Frequency(
        (6, Gen.Constant(Prot.Rwx)), (2, Gen.Constant(Prot.Rw)), (1, Gen.Constant(Prot.R)),
        (1, Gen.Constant(Prot.R | Prot.W | Prot.Device)), (1, Gen.Constant(Prot.None)), (1, Gen.Constant(Prot.X | Prot.Device)));

    /// <summary>
    /// Mostly <see cref="MapNearBoundary"/>; where the start level allows no leaves, 1 in 40 maps one
    /// whole start-level entry, the only range in which a block at that level could be written. Other
    /// geometries keep the plain generator (and their seeds their sequences).
    /// </summary>
    public Gen<Command> Map => _shapes.WholeStartEntry is var (addr, size)
        ? Gen.Frequency((39, MapNearBoundary), (1, Gen.Constant((Command)new Commands.Map(addr, size, addr, Prot.Rwx))))
        : MapNearBoundary;

    public Gen<Command> MapNearBoundary => from a in _shapes.AddrOrInvalid
                               from s in RangeSize
                               from identity in Gen.Frequency((30, Gen.Constant(true)), (1, Gen.Constant(false)))
                               from p in ProtMostlyRwx
                               select (Command)new Commands.Map(a, s, identity ? a : a + geo.PageSize, p);

    public Gen<Command> Unmap => from a in _shapes.AddrOrInvalid from s in RangeSize select (Command)new Commands.Unmap(a, s);

    public Gen<Command> SetOwner => from a in _shapes.AddrOrInvalid from s in _shapes.AnnotationSize from o in OwnerIncludingInvalid select (Command)new Commands.SetOwner(a, s, o);

    public Gen<Command> GetLeaf => _shapes.AddrOrInvalid.Select(a => (Command)new Commands.GetLeaf(a));

    public Gen<Command> FailAlloc => Gen.Choose(1, 3).Select(n => (Command)new Commands.FailAlloc((ulong)n));

    /// <summary>One command of the stage-2 layer, weighted toward the operations that build and tear down structure.</summary>
    public Gen<Command> Command => Gen.Frequency((10, Map), (5, SetOwner), (5, Unmap), (2, GetLeaf), (1, FailAlloc));
}
