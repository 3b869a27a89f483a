using Harness.Model;
using Harness.Properties.Oracle;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.10: every valid host leaf lies wholly in one memory region or one MMIO gap; memory is mapped
/// read-write-execute, MMIO read-write and execute-never, both with Normal MemAttr (no device type).
/// </summary>
public sealed class HostAttributes : IInvariant
{
    public string Name => "host attributes";

    public bool AppliesTo(World w) => w.Layer == Layer.Host;

    public Violation? Check(World w, Scope scope)
    {
        var model = ((HostWorld)w).Model;
        (PageRange Window, bool IsMemory) region = default;
        foreach (ref readonly var run in scope.LeafRuns(hyp: false))
        {
            if (!run.First.Pte.IsValid)
            {
                continue;
            }
            // Leaves come in address order, most of them in the region of the one before.
            if (run.Start < region.Window.Start || run.Start >= region.Window.End)
            {
                region = model.RegionAt(run.Start);
            }
            // A run inside one region: its leaves share the attributes the region asks for, and their own.
            if (run.End <= region.Window.End && WrongAttributes(run.First, region) is null)
            {
                continue;
            }
            for (var i = 0; i < run.Count; i++)
            {
                var l = run.Leaf(i);
                if (l.Start < region.Window.Start || l.Start >= region.Window.End)
                {
                    region = model.RegionAt(l.Start);
                }
                var (window, isMemory) = region;
                if (l.Start < window.Start || l.End > window.End)
                {
                    return new Violation(Name, $"L{l.Level} leaf [0x{l.Start:x}, 0x{l.End:x}) crosses the {(isMemory ? "memory region" : "MMIO gap")} {window}", l.Start);
                }
                if (WrongAttributes(l, region) is { } v)
                {
                    return v;
                }
            }
        }
        return null;
    }

    /// <summary>The violation when valid leaf <paramref name="l"/> lacks the attributes of <paramref name="region"/>, or null.</summary>
    private Violation? WrongAttributes(in LeafView l, (PageRange Window, bool IsMemory) region)
    {
        var isMemory = region.IsMemory;
        var expected = Descriptor.S2apR | Descriptor.S2apW | Descriptor.MemAttrNormal | (isMemory ? 0 : Descriptor.Xn);
        const ulong mask = Descriptor.S2apR | Descriptor.S2apW | Descriptor.MemAttrMask | Descriptor.Xn;
        if ((l.Pte.Bits & mask) == expected)
        {
            return null;
        }
        var want = new Descriptor((l.Pte.Bits & ~mask) | expected);
        return new Violation(Name, $"{(isMemory ? "memory" : "MMIO")} leaf has the wrong attributes", l.Start, FieldText.Describe(want, l.Level), FieldText.Describe(l.Pte, l.Level));
    }
}
