using Harness.Implementation;
using Harness.Model;
using Harness.Properties.Generators;
using Harness.Properties.Trace;

namespace Harness.Properties.Commands;

/// <summary>Stage-2 unmap (<c>kvm_pgtable_stage2_unmap</c>, spec 5.5).</summary>
public sealed record Unmap(ulong Addr, ulong Size) : Command
{
    public static CommandKind Entry { get; } = new()
    {
        Name = "unmap",
        Layer = Properties.Layer.Stage2,
        Weight = 5,
        Usage = "ADDR SIZE",
        Parse = f => TraceNumbers.ParseAll(f) is ({ } n, _) ? (new Unmap(n[0], n[1]), null) : (null, TraceNumbers.ParseAll(f).Error),
        Shrink = (c, page) => Shrink((Unmap)c, page),
        Generator = ctx => ctx.Stage2 is { } g ? g.Unmap : null,
    };

    public override CommandKind Kind => Entry;

    public override Errno Run(World w) => ((Stage2World)w).Sut.Unmap(Addr, Size);

    public override Expectation Step(World w)
    {
        var e = ((Stage2World)w).Model.Unmap(Addr, Size);
        return Blocks.Around(w, e, e.Range);
    }

    public override PageRange[] AllowedWrites(World w, Expectation e) => e.Range.IsEmpty ? [] : [e.Range];

    public override string ToString() => $"unmap 0x{Addr:x} 0x{Size:x}";

    private static IEnumerable<Command> Shrink(Unmap u, ulong pageSize)
    {
        foreach (var s in Shrinks.Sizes(u.Size, pageSize))
        {
            yield return u with { Size = s };
        }
        foreach (var a in Shrinks.Addresses(u.Addr, pageSize))
        {
            yield return u with { Addr = a };
        }
    }
}
