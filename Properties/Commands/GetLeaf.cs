using Harness.Implementation;
using Harness.Model;

namespace Harness.Properties.Commands;

/// <summary>
/// Looks up the leaf covering an address (<c>kvm_pgtable_get_leaf</c>, spec 4.3) and checks it against
/// the model's page. Harness-only: the trace format has no such command, so traces carry it as a comment.
/// </summary>
public sealed record GetLeaf(ulong Addr) : Command
{
    public override bool Pre(World w) => w.Stage2 is not null;

    public override Errno Run(World w)
    {
        var result = w.Stage2!.GetLeaf(Addr, out var pte, out var level);
        w.LookedUpLeaf = (pte, level);
        return result;
    }

    public override Expectation Step(World w) => Expectation.Refused(w.Stage2Model!.GetLeaf(Addr, out _));

    public override Violation? Post(World w, Expectation e, Errno actual)
    {
        if (ModelSync.Apply(w, this, e, actual) is { } wrongResult)
        {
            return wrongResult;
        }
        if (actual != Errno.Ok || w.LookedUpLeaf is not var (pte, level))
        {
            return null;
        }
        var geo = w.Geometry;
        var start = Addr & ~(geo.LevelSize(level) - 1);
        var seen = new Leaf(start, start + geo.LevelSize(level), level, pte, default).State(geo.PageShift);
        var page = Addr & ~(geo.PageSize - 1);
        var expected = w.Stage2Model!.Pages[page];
        return seen.Equals(expected) ? null : new Violation("get_leaf agrees with the model", $"{this} returned {pte} at level {level}", page, expected.ToString(), seen.ToString());
    }

    public override string ToString() => $"get_leaf 0x{Addr:x}";
}
