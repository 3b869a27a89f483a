using Harness.Implementation;
using Harness.Model;
using Harness.Properties.Generators;
using Harness.Properties.Oracle;
using Harness.Properties.Trace;

namespace Harness.Properties.Commands;

/// <summary>
/// Looks up the leaf covering an address (<c>kvm_pgtable_get_leaf</c>, spec 4.3) and checks it against
/// the model's page. Harness-only: the trace format has no such command, so traces carry it as a comment.
/// </summary>
public sealed record GetLeaf(ulong Addr) : Command
{
    public static CommandKind Entry { get; } = new()
    {
        Name = "get_leaf",
        Layer = Properties.Layer.Stage2,
        Weight = 2,
        Usage = "ADDR",
        CommentOnly = true,
        Parse = f => TraceNumbers.TryParse(f[0], out var a) ? (new GetLeaf(a), null) : (null, TraceNumbers.NotANumber(f[0])),
        Shrink = (c, page) => Shrinks.Addresses(((GetLeaf)c).Addr, page).Select(a => (Command)new GetLeaf(a)),
        Generator = ctx => ctx.Stage2 is { } g ? g.GetLeaf : null,
    };

    public override CommandKind Kind => Entry;

    public override Errno Run(World w)
    {
        var result = ((Stage2World)w).Sut.GetLeaf(Addr, out var pte, out var level);
        w.LookedUpLeaf = (pte, level);
        return result;
    }

    public override Expectation Step(World w) => Expectation.Refused(((Stage2World)w).Model.GetLeaf(Addr, out _));

    public override PageRange[] AllowedWrites(World w, Expectation e) => [];

    public override Violation? Post(World w, Expectation e, Errno actual)
    {
        if (ModelSync.Apply(w, this, e, actual) is { } wrongResult)
        {
            return wrongResult;
        }
        if (actual != Errno.Ok || w.LookedUpLeaf is not var (bits, level) || level is < 0 or > 3)
        {
            return null;
        }
        var geo = w.Geometry;
        var start = Addr & ~(geo.Size(level) - 1);
        var seen = SpecEncoding.StateOf(new Descriptor(bits), start, geo.PageShift);
        var page = Addr & ~(geo.PageSize - 1);
        var expected = ((Stage2World)w).Model.Pages[page];
        return seen.Equals(expected) ? null : new Violation("get_leaf agrees with the model", $"{this} returned 0x{bits:x16} at level {level}", page, expected.ToString(), seen.ToString());
    }

    public override string ToString() => $"get_leaf 0x{Addr:x}";
}
