using Harness.Implementation;
using Harness.Model;
using Harness.Properties.Generators;
using Harness.Properties.Trace;

namespace Harness.Properties.Commands;

/// <summary>Stage-2 owner annotation (<c>kvm_pgtable_stage2_set_owner</c>, spec 5.4).</summary>
public sealed record SetOwner(ulong Addr, ulong Size, ulong Owner) : Command
{
    public static CommandKind Entry { get; } = new()
    {
        Name = "set_owner",
        Layer = Properties.Layer.Stage2,
        Weight = 5,
        Usage = "ADDR SIZE OWNER",
        Parse = f => TraceNumbers.ParseAll(f) is ({ } n, _) ? (new SetOwner(n[0], n[1], n[2]), null) : (null, TraceNumbers.ParseAll(f).Error),
        Shrink = (c, page) => Shrink((SetOwner)c, page),
        Generator = ctx => ctx.Stage2 is { } g ? g.SetOwner : null,
        Remainder = (c, e, firstNotDone) => firstNotDone is not { } a ? null
            : (SetOwner)c is var o && a > o.Addr ? o with { Addr = a, Size = e.Range.End - a } : c,
    };

    public override CommandKind Kind => Entry;

    public override Errno Run(World w) => ((Stage2World)w).Sut.SetOwner(Addr, Size, Owner);

    public override Expectation Step(World w)
    {
        var e = ((Stage2World)w).Model.SetOwner(Addr, Size, Owner);
        return Blocks.Around(w, e, e.Range);
    }

    public override PageRange[] AllowedWrites(World w, Expectation e) => e.Range.IsEmpty ? [] : [e.Range];

    public override string ToString() => $"set_owner 0x{Addr:x} 0x{Size:x} 0x{Owner:x}";

    private static IEnumerable<Command> Shrink(SetOwner o, ulong pageSize)
    {
        foreach (var s in Shrinks.Sizes(o.Size, pageSize))
        {
            yield return o with { Size = s };
        }
        foreach (var a in Shrinks.Addresses(o.Addr, pageSize))
        {
            yield return o with { Addr = a };
        }
        if (o.Owner > 1)
        {
            yield return o with { Owner = 1 };
        }
    }
}
