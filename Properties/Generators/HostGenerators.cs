using Harness.Implementation;
using Harness.Properties.Commands;

namespace Harness.Properties.Generators;

/// <summary>
/// Command generators for the host layer: faults and donations near the edges of memory regions and on
/// block boundaries inside them, donations that end exactly at a region's end, MMIO faults next to the
/// regions and anywhere in the gaps (many gaps fill the MMIO pool until it must be recycled), and a few
/// invalid donations.
/// </summary>
public sealed class HostGenerators(Shapes shapes, IReadOnlyList<MemRange> memory)
{
    private readonly ulong _page = shapes.Geometry.PageSize;

    /// <summary>
    /// A page near a region edge or a block boundary inside a region, with its region: one of the first
    /// four block boundaries of some leaf level in it (or its start when none is), one of its first four
    /// pages, or one of its last four.
    /// </summary>
    public (MemRange Region, ulong Addr) MemoryPlace(ref Draw d)
    {
        var r = d.OneOf(memory);
        var level = shapes.Level(ref d);
        var i = d.Between(0, 3);
        var edge = d.Weighted([3, 1, 1]);
        var block = shapes.Geometry.Size(level);
        var aligned = ((r.Start + block - 1) & ~(block - 1)) + ((ulong)i * block);
        return (r, edge switch
        {
            0 => aligned < r.End ? aligned : r.Start,
            1 => Math.Min(r.Start + ((ulong)i * _page), r.End - _page),
            _ => r.End - Math.Min((ulong)(i + 1) * _page, r.Size),
        });
    }

    public ulong MemoryAddr(ref Draw d) => MemoryPlace(ref d).Addr;

    /// <summary>A page just after a region, just before one, in a gap further on, or rarely past the IPA space.</summary>
    public ulong MmioAddr(ref Draw d)
    {
        var branch = d.Weighted([6, 3, 4, 1]);
        if (branch == 3)
        {
            return shapes.Limit;
        }
        var r = d.OneOf(memory);
        if (branch == 2)
        {
            return r.End + ((ulong)d.Between(0, 63) * 17 * _page);
        }
        var i = d.Between(1, 4);
        return branch == 0
            ? r.End + ((ulong)(i - 1) * _page)
            : r.Start >= (ulong)i * _page ? r.Start - ((ulong)i * _page) : 0UL;
    }

    public Command Fault(ref Draw d) => new Commands.Fault(d.Weighted([3, 2]) == 0 ? MemoryAddr(ref d) : MmioAddr(ref d));

    /// <summary>
    /// Donations from a memory page: most kept inside their region (with small regions a block-sized
    /// range would cross into MMIO, and a refusal tests only the check), some free to cross its end, a few
    /// ending exactly at it, a few in MMIO or unaligned.
    /// </summary>
    public Command Donate(ref Draw d)
    {
        switch (d.Weighted([9, 3, 2, 1, 1]))
        {
            case 0:
                var p = MemoryPlace(ref d);
                return new Commands.Donate(p.Addr, Math.Min(shapes.AnnotationSize(ref d), p.Region.End - p.Addr));
            case 1:
                var a = MemoryAddr(ref d);
                return new Commands.Donate(a, shapes.AnnotationSize(ref d));
            case 2:
                var r = d.OneOf(memory);
                var size = Math.Min(shapes.AnnotationSize(ref d), r.Size);
                return new Commands.Donate(r.End - size, size);
            case 3:
                var mmio = MmioAddr(ref d);
                return new Commands.Donate(mmio, shapes.AnnotationSize(ref d));
            default:
                var unaligned = MemoryAddr(ref d) + 0x10;
                return new Commands.Donate(unaligned, shapes.AnnotationSize(ref d));
        }
    }
}
