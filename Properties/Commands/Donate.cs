using Harness.Implementation;
using Harness.Model;
using Harness.Properties.Generators;
using Harness.Properties.Trace;

namespace Harness.Properties.Commands;

/// <summary>The host donates memory to the hypervisor (<c>__pkvm_mark_hyp</c> and the fix items, spec 6.3).</summary>
public sealed record Donate(ulong Addr, ulong Size) : Command
{
    public static CommandKind Entry { get; } = new()
    {
        Name = "donate",
        Layer = Properties.Layer.Host,
        Weight = 5,
        Usage = "ADDR SIZE",
        Parse = f => TraceNumbers.ParseAll(f) is ({ } n, _) ? (new Donate(n[0], n[1]), null) : (null, TraceNumbers.ParseAll(f).Error),
        Shrink = (c, page) => Shrink((Donate)c, page),
        Generator = ctx => ctx.Host is { } g ? g.Donate : null,
        Remainder = (c, e, firstNotDone) => firstNotDone is not { } a ? null
            : (Donate)c is var d && a > d.Addr ? d with { Addr = a, Size = e.Range.End - a } : c,
    };

    public override CommandKind Kind => Entry;

    public override Errno Run(World w) => ((HostWorld)w).Sut.Donate(Addr, Size);

    public override Expectation Step(World w)
    {
        var e = ((HostWorld)w).Model.Donate(Addr, Size);
        return Blocks.Around(w, e, e.Range);
    }

    public override PageRange[] AllowedWrites(World w, Expectation e) => e.Range.IsEmpty ? [] : [e.Range];

    public override string ToString() => $"donate 0x{Addr:x} 0x{Size:x}";

    private static IEnumerable<Command> Shrink(Donate d, ulong pageSize)
    {
        foreach (var s in Shrinks.Sizes(d.Size, pageSize))
        {
            yield return d with { Size = s };
        }
        foreach (var a in Shrinks.Addresses(d.Addr, pageSize))
        {
            yield return d with { Addr = a };
        }
    }
}
