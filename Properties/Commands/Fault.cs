using Harness.Implementation;
using Harness.Model;
using Harness.Properties.Generators;
using Harness.Properties.Oracle;
using Harness.Properties.Trace;

namespace Harness.Properties.Commands;

/// <summary>The host touches a page and its stage 2 faults (<c>handle_host_mem_abort</c>, spec 6.2).</summary>
public sealed record Fault(ulong Addr) : Command
{
    public static CommandKind Entry { get; } = new()
    {
        Name = "fault",
        Layer = Properties.Layer.Host,
        Weight = 10,
        Usage = "ADDR",
        Parse = f => TraceNumbers.TryParse(f[0], out var a) ? (new Fault(a), null) : (null, TraceNumbers.NotANumber(f[0])),
        Shrink = (c, page) => Shrinks.Addresses(((Fault)c).Addr, page).Select(a => (Command)new Fault(a)),
        Generator = ctx => ctx.Host is { } g ? g.Fault : null,
        Remainder = (c, _, _) => c,
    };

    public override CommandKind Kind => Entry;

    public override Errno Run(World w) => ((HostWorld)w).Sut.Fault(Addr);

    /// <summary>
    /// Spec 6.2 with 5.9: the model's block, and -EAGAIN exactly when that very leaf is already there
    /// (spec 5.3.1: the map stops at the identical leaf).
    /// </summary>
    public override Expectation Step(World w)
    {
        var h = (HostWorld)w;
        var page = Addr & ~(w.Geometry.PageSize - 1);
        var exact = false;
        if (page < w.Geometry.Limit && h.Model.Pages[page].Owner == HostModel.Host && w.Shadow is { Roots.Count: > 0 } shadow)
        {
            var block = h.Model.Block(page);
            exact = PreState.MapStop(shadow, block, block.Start, h.Model.MappingOf(page).Access) == block.Start;
        }
        return h.Model.Fault(Addr, exact);
    }

    /// <summary>The block it maps, and every MMIO gap when it recycles MMIO tables (spec 6.2 step 5).</summary>
    public override PageRange[] AllowedWrites(World w, Expectation e)
    {
        var model = ((HostWorld)w).Model;
        if (e.Range.IsEmpty)
        {
            return [];
        }
        return model.IsMemory(Addr) ? [e.Range] : [e.Range, .. MmioGaps(model)];
    }

    /// <summary>
    /// Spec 8.20 and 6.2 step 5. An MMIO fault whose first map ran out recycles: every MMIO mapping goes
    /// (memory mappings and annotations stay), then it maps again once, so it fails with -ENOMEM only when
    /// the retry's allocation failed too: injected, or because the dev pool's pages are held by tables that
    /// also hold memory leaves, which recycling cannot free. A granted fault leaves the page covered by
    /// exactly the block spec 5.9 picks; a refused one changes no descriptor.
    /// </summary>
    public override Violation? Post(World w, Expectation e, Errno actual)
    {
        var h = (HostWorld)w;
        var page = Addr & ~(w.Geometry.PageSize - 1);
        var mmio = !h.Model.IsMemory(page) && page < w.Geometry.Limit;
        if (mmio && w.Stats.AllocFailures > 0)
        {
            if (actual == Errno.ENOMEM && w.Stats.AllocFailures < 2)
            {
                return new Violation("MMIO fault recovers from -ENOMEM", $"{this} returned -ENOMEM after {w.Stats.AllocFailures} failed allocation; it must recycle the MMIO tables and map again (spec 6.2 step 5)", page, "0, or -ENOMEM after the retry's allocation failed too", "-ENOMEM");
            }
            h.Model.UnmapAllMmio();
        }
        if (ModelSync.Apply(w, this, e, actual) is { } v)
        {
            return v;
        }
        if (actual is Errno.Ok or Errno.EAGAIN && w.Shadow is { } shadow)
        {
            var (pte, level, start, end) = ShadowLeaves.At(shadow, false, page);
            if (!pte.IsValid || start != e.Range.Start || end != e.Range.End)
            {
                return new Violation("fault postcondition", $"{this} returned {ErrnoText.Name(actual)}; spec 5.9 maps the largest block the host may own", page,
                    $"a valid leaf for {e.Range}", pte.IsValid ? $"an L{level} leaf for [0x{start:x}, 0x{end:x})" : "no valid leaf");
            }
        }
        if (actual is not (Errno.Ok or Errno.EAGAIN or Errno.ENOMEM) && w.Stats.Writes > 0)
        {
            return new Violation("fault postcondition", $"{this} was refused with {ErrnoText.Name(actual)} but wrote descriptors", page, "no write", $"{w.Stats.Writes} write(s)");
        }
        return null;
    }

    public override string ToString() => $"fault 0x{Addr:x}";

    private static IEnumerable<PageRange> MmioGaps(HostModel model)
    {
        ulong start = 0;
        foreach (var (s, e) in model.Memory)
        {
            if (s > start)
            {
                yield return new PageRange(start, s);
            }
            start = e;
        }
        if (start < model.Limit)
        {
            yield return new PageRange(start, model.Limit);
        }
    }
}
