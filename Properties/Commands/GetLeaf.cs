using Harness.Implementation;
using Harness.Model;

namespace Harness.Properties.Commands;

/// <summary>
/// Looks up the leaf covering an address (<c>kvm_pgtable_get_leaf</c>, spec 4.3) and checks it against
/// the model's page. Harness-only: the trace format has no such command, so traces carry it as a comment.
/// </summary>
public sealed record GetLeaf(ulong Addr) : Command
{
    private Pte _pte;
    private int _level;

    public override bool Pre(World w) => w.Stage2 is not null;

    public override Errno Run(World w) => w.Stage2!.GetLeaf(Addr, out _pte, out _level);

    public override Expectation Step(World w) => Expectation.Refused(w.Stage2Model!.GetLeaf(Addr, out _));

    public override Violation? Post(World w, Expectation e, Errno actual)
    {
        if (ModelSync.Apply(w, this, e, actual) is { } wrongResult)
        {
            return wrongResult;
        }
        if (actual != Errno.Ok)
        {
            return null;
        }
        var geo = w.Geometry;
        var start = Addr & ~(geo.LevelSize(_level) - 1);
        var seen = new Leaf(start, start + geo.LevelSize(_level), _level, _pte, default).State(geo.PageShift);
        var page = Addr & ~(geo.PageSize - 1);
        var expected = w.Stage2Model!.Pages[page];
        return seen.Equals(expected) ? null : new Violation("get_leaf agrees with the model", $"{this} returned {_pte} at level {_level}", page, expected.ToString(), seen.ToString());
    }

    public override string ToString() => $"get_leaf 0x{Addr:x}";
}
