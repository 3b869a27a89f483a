using Harness.Implementation;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.10: every valid host leaf lies wholly in one memory region or one MMIO gap; memory is mapped
/// read-write-execute, MMIO read-write and execute-never, both with Normal MemAttr.
/// </summary>
public sealed class HostAttributes : IInvariant
{
    public string Name => "host attributes";

    public bool AppliesTo(World w) => w.Host is not null;

    public Violation? Check(World w)
    {
        var host = w.Host!;
        foreach (var l in w.Observed.Leaves.Where(l => l.Pte.IsValid))
        {
            var isMemory = host.FindMemRange(l.Start, out var window);
            if (!window.Covers(l.Start, l.End))
            {
                return new Violation(Name, $"L{l.Level} leaf [0x{l.Start:x}, 0x{l.End:x}) crosses the {(isMemory ? "memory region" : "MMIO gap")} {window}", l.Start);
            }
            var expected = Pte.S2apR | Pte.S2apW | Pte.MemAttrNormal | (isMemory ? 0 : Pte.Xn);
            var mask = Pte.S2apR | Pte.S2apW | Pte.MemAttrMask | Pte.Xn;
            if ((l.Pte.Bits & mask) != expected)
            {
                return new Violation(Name, $"{(isMemory ? "memory" : "MMIO")} leaf {l.Pte} has the wrong attributes", l.Start, $"0x{expected:x}", $"0x{l.Pte.Bits & mask:x}");
            }
        }
        return null;
    }
}
