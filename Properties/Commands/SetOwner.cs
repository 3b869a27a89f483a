using Harness.Implementation;
using Harness.Model;

namespace Harness.Properties.Commands;

/// <summary>Stage-2 owner annotation (<c>kvm_pgtable_stage2_set_owner</c>, spec 5.4).</summary>
public sealed record SetOwner(ulong Addr, ulong Size, ulong Owner) : Command
{
    public override bool Pre(World w) => w.Stage2 is not null;

    public override Errno Run(World w) => w.Stage2!.SetOwner(Addr, Size, Owner);

    public override Expectation Step(World w) => w.Stage2Model!.SetOwner(Addr, Size, Owner);

    public override string ToString() => $"set_owner 0x{Addr:x} 0x{Size:x} 0x{Owner:x}";
}
