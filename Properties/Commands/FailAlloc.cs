using Result = Harness.Model.Result;
using Harness.Implementation;
using Harness.Model;
using Harness.Properties.Trace;

namespace Harness.Properties.Commands;

/// <summary>Arms fault injection: the N-th page allocation from now fails; 0 cancels (trace <c>fail_alloc</c>).</summary>
public sealed record FailAlloc(ulong N) : Command
{
    public static CommandKind Entry { get; } = new()
    {
        Name = "fail_alloc",
        Layer = null,
        Usage = "N",
        // Twice the base weight: a failure injected just before a command that allocates is what reaches
        // the -ENOMEM paths (MMIO recycling, a split's cleanup), and each needs the two in that order.
        Weight = 2,
        Parse = f => TraceNumbers.TryParse(f[0], out var n) ? (new FailAlloc(n), null) : (null, TraceNumbers.NotANumber(f[0])),
        Shrink = (c, _) => ((FailAlloc)c).N > 1 ? [new FailAlloc(1)] : [],
        Generator = _ => (ref Generators.Draw d) => new FailAlloc((ulong)d.Between(1, 3)),
    };

    public override CommandKind Kind => Entry;

    public override Errno Run(World w)
    {
        w.System.FailAlloc(N);
        return Errno.Ok;
    }

    public override Expectation Step(World w) => Expectation.Refused(Result.Ok);

    public override PageRange[] AllowedWrites(World w, Expectation e) => [];

    public override string ToString() => $"fail_alloc 0x{N:x}";
}
