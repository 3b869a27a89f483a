using Harness.Implementation;
using Harness.Model;

namespace Harness.Properties.Commands;

/// <summary>The host donates memory to the hypervisor (<c>__pkvm_mark_hyp</c>, spec 6.3).</summary>
public sealed record Donate(ulong Addr, ulong Size) : Command
{
    public override bool Pre(World w) => w.Host is not null;

    public override Errno Run(World w) => w.Host!.MarkHyp(Addr, Addr + Size);

    public override Expectation Step(World w) => w.HostModel!.Donate(Addr, Size);

    public override string ToString() => $"donate 0x{Addr:x} 0x{Size:x}";
}
