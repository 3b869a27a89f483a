using Harness.Implementation;
using Harness.Model;

namespace Harness.Properties.Commands;

/// <summary>Stage-2 map (<c>kvm_pgtable_stage2_map</c>, spec 5.3).</summary>
public sealed record Map(ulong Addr, ulong Size, ulong Phys, Prot Prot) : Command
{
    public override bool Pre(World w) => w.Stage2 is not null;

    public override Errno Run(World w) => w.Stage2!.Map(Addr, Size, Phys, Prot);

    public override Expectation Step(World w) => w.Stage2Model!.Map(Addr, Size, Phys, (Access)(int)Prot);

    public override string ToString() => $"map 0x{Addr:x} 0x{Size:x} 0x{Phys:x} {ProtText.Format(Prot)}";
}
