using Harness.Implementation;
using Harness.Model;

namespace Harness.Properties.Commands;

/// <summary>The host touches a page and its stage 2 faults (<c>handle_host_mem_abort</c>, spec 6.2).</summary>
public sealed record Fault(ulong Addr) : Command
{
    public override bool Pre(World w) => w.Host is not null;

    public override Errno Run(World w) => w.Host!.HandleMemAbort(Addr);

    public override Expectation Step(World w) => w.HostModel!.Fault(Addr);

    /// <summary>Spec 8.20: a granted fault leaves the page mapped; a refused one changes no descriptor.</summary>
    public override Violation? Post(World w, Expectation e, Errno actual)
    {
        if (ModelSync.Apply(w, this, e, actual) is { } v)
        {
            return v;
        }
        var page = Addr & ~(w.Geometry.PageSize - 1);
        if (actual is Errno.Ok or Errno.EAGAIN)
        {
            var mapped = w.Observed.Leaves.Any(l => l.Pte.IsValid && page >= l.Start && page < l.End);
            return mapped ? null : new Violation("fault postcondition", $"{this} returned {ErrnoText.Name(actual)} but left the page unmapped", page, "a valid leaf", "none");
        }
        if (actual != Errno.ENOMEM && w.Logged(EventKind.PteWrite))
        {
            return new Violation("fault postcondition", $"{this} was refused with {ErrnoText.Name(actual)} but wrote descriptors", page, "no write", "a write");
        }
        return null;
    }

    public override string ToString() => $"fault 0x{Addr:x}";
}
