using Harness.Implementation;
using Harness.Model;
using Harness.Properties.Generators;
using Harness.Properties.Oracle;
using Harness.Properties.Trace;

namespace Harness.Properties.Commands;

/// <summary>Stage-2 map (<c>kvm_pgtable_stage2_map</c>, spec 5.3).</summary>
public sealed record Map(ulong Addr, ulong Size, ulong Phys, Prot Prot) : Command
{
    public static CommandKind Entry { get; } = new()
    {
        Name = "map",
        Layer = Properties.Layer.Stage2,
        Weight = 10,
        Usage = "ADDR SIZE PHYS PROT",
        Parse = Parse,
        Shrink = (c, page) => Shrink((Map)c, page),
        Generator = ctx => ctx.Stage2 is { } g ? g.Map : null,
        Remainder = (c, e, firstNotDone) => firstNotDone is not { } a ? null
            : (Map)c is var m && a > m.Addr ? m with { Addr = a, Size = e.Range.End - a, Phys = a - m.Addr + m.Phys } : c,
    };

    public override CommandKind Kind => Entry;

    public override Errno Run(World w) => ((Stage2World)w).Sut.Map(Addr, Size, Phys, Prot);

    public override Expectation Step(World w)
    {
        var s = (Stage2World)w;
        var walk = s.Model.Walk(Addr, Size, out var refused);
        var stop = refused is null && !walk.IsEmpty && s.Shadow is { Roots.Count: > 0 } shadow
            ? PreState.MapStop(shadow, walk, Phys & ~(s.Geometry.PageSize - 1), (Access)(int)Prot)
            : null;
        return Blocks.Around(s, s.Model.Map(Addr, Size, Phys, (Access)(int)Prot, stop), walk);
    }

    public override PageRange[] AllowedWrites(World w, Expectation e) => e.Range.IsEmpty ? [] : [((Stage2World)w).Model.Walk(Addr, Size, out _)];

    public override string ToString() => $"map 0x{Addr:x} 0x{Size:x} 0x{Phys:x} {ProtText.Format(Prot)}";

    private static (Command?, string?) Parse(string[] f)
    {
        var (n, error) = TraceNumbers.ParseAll(f[..3]);
        if (n is null)
        {
            return (null, error);
        }
        if (!ProtText.TryParse(f[3], out var prot))
        {
            return (null, $"{Text.Printable.Quote(f[3])} is not a protection: use a subset of the letters r, w, x, d in that order, or '-'");
        }
        return (new Map(n[0], n[1], n[2], prot), null);
    }

    private static IEnumerable<Command> Shrink(Map m, ulong pageSize)
    {
        foreach (var s in Shrinks.Sizes(m.Size, pageSize))
        {
            yield return m with { Size = s };
        }
        foreach (var a in Shrinks.Addresses(m.Addr, pageSize))
        {
            // Identity maps stay identity maps.
            yield return m with { Addr = a, Phys = m.Phys == m.Addr ? a : m.Phys };
        }
        if (m.Prot != Prot.Rwx)
        {
            yield return m with { Prot = Prot.Rwx };
        }
    }
}
