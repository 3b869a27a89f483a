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
    /// <summary>The geometry's answer, asked once rather than at every map drawn.</summary>
    private readonly (ulong Addr, ulong Size)? _wholeStartEntry = shapes.WholeStartEntry;

    private static readonly Prot[] Prots = [Prot.Rwx, Prot.Rw, Prot.R, Prot.R | Prot.W | Prot.Device, Prot.None, Prot.X | Prot.Device];

    /// <summary>Owner ids 0, 1 and the first invalid one, 1 most often.</summary>
    public static ulong OwnerIncludingInvalid(ref Draw d) => (ulong)d.Weighted([3, 6, 1]);

    /// <summary>Mostly rwx (what the host uses), sometimes weaker, rarely the invalid x+d.</summary>
    public static Prot ProtMostlyRwx(ref Draw d) => Prots[d.Weighted([6, 2, 1, 1, 1, 1])];

    /// <summary>
    /// Mostly <see cref="MapNearBoundary"/>; where the start level allows no leaves, 1 in 40 maps one
    /// whole start-level entry, the only range in which a block at that level could be written.
    /// </summary>
    public Command Map(ref Draw d) => _wholeStartEntry is var (addr, size) && d.Weighted([39, 1]) == 1
        ? new Commands.Map(addr, size, addr, Prot.Rwx)
        : MapNearBoundary(ref d);

    /// <summary>A map near a block boundary, at IPA == PA 30 times in 31, else a page off.</summary>
    public Command MapNearBoundary(ref Draw d)
    {
        var a = shapes.AddrOrInvalid(ref d);
        var s = shapes.RangeSize(ref d);
        var identity = d.Weighted([30, 1]) == 0;
        var p = ProtMostlyRwx(ref d);
        return new Commands.Map(a, s, identity ? a : a + shapes.Geometry.PageSize, p);
    }

    public Command Unmap(ref Draw d)
    {
        var a = shapes.AddrOrInvalid(ref d);
        return new Commands.Unmap(a, shapes.RangeSize(ref d));
    }

    public Command SetOwner(ref Draw d)
    {
        var a = shapes.AddrOrInvalid(ref d);
        var s = shapes.AnnotationSize(ref d);
        return new Commands.SetOwner(a, s, OwnerIncludingInvalid(ref d));
    }

    public Command GetLeaf(ref Draw d) => new Commands.GetLeaf(shapes.AddrOrInvalid(ref d));
}
