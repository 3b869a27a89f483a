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
        foreach (ref readonly var l in scope.Leaves(hyp: false))
        {
            if (!l.Pte.IsValid)
            {
                continue;
            }
            // Leaves come in address order, most of them in the region of the one before.
            if (l.Start < region.Window.Start || l.Start >= region.Window.End)
            {
                region = model.RegionAt(l.Start);
            }
            var (window, isMemory) = region;
            if (l.Start < window.Start || l.End > window.End)
            {
                return new Violation(Name, $"L{l.Level} leaf [0x{l.Start:x}, 0x{l.End:x}) crosses the {(isMemory ? "memory region" : "MMIO gap")} {window}", l.Start);
            }
            var expected = Descriptor.S2apR | Descriptor.S2apW | Descriptor.MemAttrNormal | (isMemory ? 0 : Descriptor.Xn);
            const ulong mask = Descriptor.S2apR | Descriptor.S2apW | Descriptor.MemAttrMask | Descriptor.Xn;
            if ((l.Pte.Bits & mask) != expected)
            {
                var want = new Descriptor((l.Pte.Bits & ~mask) | expected);
                return new Violation(Name, $"{(isMemory ? "memory" : "MMIO")} leaf has the wrong attributes", l.Start, FieldText.Describe(want, l.Level), FieldText.Describe(l.Pte, l.Level));
            }
        }
        return null;
    }
}
