using FsCheck;
using FsCheck.Fluent;
using Harness.Implementation;
using Harness.Properties.Commands;

namespace Harness.Properties.Generators;

/// <summary>
/// Command generators for the host layer: faults and donations near the edges of memory regions and
/// on block boundaries inside them, MMIO faults next to the regions, and a few invalid donations.
/// </summary>
public sealed class HostGenerators(Geometry geo, IReadOnlyList<MemRange> memory)
{
    private readonly Shapes _shapes = new(geo);

    /// <summary>A page near a region edge or a block boundary inside a region.</summary>
    public Gen<ulong> MemoryAddr => from r in Gen.Elements<MemRange>(memory)
                                    from level in _shapes.Level
                                    from i in Gen.Choose(0, 3)
                                    from edge in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)))
                                    let block = geo.LevelSize(level)
                                    let aligned = ((r.Start + block - 1) & ~(block - 1)) + ((ulong)i * block)
                                    select edge switch
                                    {
                                        0 => aligned < r.End ? aligned : r.Start,
                                        1 => r.Start + ((ulong)i * geo.PageSize),
                                        _ => r.End - ((ulong)(i + 1) * geo.PageSize),
                                    };

    /// <summary>A page just outside a region, in an MMIO gap, or rarely past the IPA space.</summary>
    public Gen<ulong> MmioAddr => Gen.Frequency(
        (6, from r in Gen.Elements<MemRange>(memory) from i in Gen.Choose(1, 4) select r.End + ((ulong)(i - 1) * geo.PageSize)),
        (3, from r in Gen.Elements<MemRange>(memory) from i in Gen.Choose(1, 4) select r.Start >= (ulong)i * geo.PageSize ? r.Start - ((ulong)i * geo.PageSize) : 0UL),
        (1, Gen.Constant(_shapes.Limit)));

    public Gen<Command> Fault => Gen.Frequency((3, MemoryAddr), (2, MmioAddr)).Select(a => (Command)new Commands.Fault(a));

    public Gen<Command> Donate => from a in Gen.Frequency((12, MemoryAddr), (1, MmioAddr), (1, MemoryAddr.Select(x => x + 0x10)))
                                  from s in _shapes.AnnotationSize
                                  select (Command)new Commands.Donate(a, s);

    public Gen<Command> FailAlloc => Gen.Choose(1, 3).Select(n => (Command)new Commands.FailAlloc((ulong)n));

    public Gen<Command> Command => Gen.Frequency((10, Fault), (5, Donate), (1, FailAlloc));
}
