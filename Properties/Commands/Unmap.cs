using Harness.Implementation;
using Harness.Model;

namespace Harness.Properties.Commands;

/// <summary>Stage-2 unmap (<c>kvm_pgtable_stage2_unmap</c>, spec 5.5).</summary>
public sealed record Unmap(ulong Addr, ulong Size) : Command
{
    public override bool Pre(World w) => w.Stage2 is not null;

    public override Errno Run(World w) => w.Stage2!.Unmap(Addr, Size);

    public override Expectation Step(World w) => w.Stage2Model!.Unmap(Addr, Size);

    public override string ToString() => $"unmap 0x{Addr:x} 0x{Size:x}";
}
