using FsCheck;
using FsCheck.Fluent;
using Harness.Implementation;
using Harness.Properties.Commands;

namespace Harness.Properties.Generators;

/// <summary>
/// Command generators for the host layer: faults and donations near the edges of memory regions and on
/// block boundaries inside them, donations that end exactly at a region's end, MMIO faults next to the
/// regions and anywhere in the gaps (many gaps fill the MMIO pool until it must be recycled), and a few
/// invalid donations.
/// </summary>
/// <remarks>Built once per geometry and memory layout, as <see cref="Shapes"/> says why.</remarks>
public sealed class HostGenerators
{
    private static readonly Gen<int> BlockIndex = Gen.Choose(0, 3);

    /// <summary>On the block grid inside the region, at its start, or at its end.</summary>
    private static readonly Gen<int> Edge = Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)));

    private static readonly Gen<int> PagesOff = Gen.Choose(1, 4);

    private static readonly Gen<int> GapPages = Gen.Choose(0, 63);

    public HostGenerators(Shapes shapes, IReadOnlyList<MemRange> memory)
    {
        var page = shapes.Geometry.PageSize;
        var region = Gen.Elements<MemRange>(memory);
        MemoryPlace = from r in region
                      from level in shapes.Level
                      from i in BlockIndex
                      from edge in Edge
                      let block = shapes.Geometry.Size(level)
                      let aligned = ((r.Start + block - 1) & ~(block - 1)) + ((ulong)i * block)
                      select (r, edge switch
                      {
                          0 => aligned < r.End ? aligned : r.Start,
                          1 => Math.Min(r.Start + ((ulong)i * page), r.End - page),
                          _ => r.End - Math.Min((ulong)(i + 1) * page, r.Size),
                      });
        MemoryAddr = MemoryPlace.Select(p => p.Addr);
        MmioAddr = Gen.Frequency(
            (6, from r in region from i in PagesOff select r.End + ((ulong)(i - 1) * page)),
            (3, from r in region from i in PagesOff select r.Start >= (ulong)i * page ? r.Start - ((ulong)i * page) : 0UL),
            (4, from r in region from pages in GapPages select r.End + ((ulong)pages * 17 * page)),
            (1, Gen.Constant(shapes.Limit)));
        Fault = Gen.Frequency((3, MemoryAddr), (2, MmioAddr)).Select(a => (Command)new Commands.Fault(a));
        Donate = Gen.Frequency(
            (9, from p in MemoryPlace from s in shapes.AnnotationSize select (Command)new Commands.Donate(p.Addr, Math.Min(s, p.Region.End - p.Addr))),
            (3, from a in MemoryAddr from s in shapes.AnnotationSize select (Command)new Commands.Donate(a, s)),
            (2, from r in region from s in shapes.AnnotationSize let size = Math.Min(s, r.Size) select (Command)new Commands.Donate(r.End - size, size)),
            (1, from a in MmioAddr from s in shapes.AnnotationSize select (Command)new Commands.Donate(a, s)),
            (1, from a in MemoryAddr from s in shapes.AnnotationSize select (Command)new Commands.Donate(a + 0x10, s)));
    }

    /// <summary>A page near a region edge or a block boundary inside a region, with its region.</summary>
    public Gen<(MemRange Region, ulong Addr)> MemoryPlace { get; }

    public Gen<ulong> MemoryAddr { get; }

    /// <summary>A page just outside a region, in an MMIO gap, or rarely past the IPA space.</summary>
    public Gen<ulong> MmioAddr { get; }

    public Gen<Command> Fault { get; }

    /// <summary>
    /// Donations from a memory page: most kept inside their region (with small regions a block-sized
    /// range would cross into MMIO, and a refusal tests only the check), some free to cross its end, a few
    /// ending exactly at it, a few in MMIO or unaligned.
    /// </summary>
    public Gen<Command> Donate { get; }
}
