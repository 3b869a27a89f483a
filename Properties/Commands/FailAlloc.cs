using Harness.Implementation;
using Harness.Model;

namespace Harness.Properties.Commands;

/// <summary>Arms fault injection: the N-th page allocation from now fails; 0 cancels (trace <c>fail_alloc</c>).</summary>
public sealed record FailAlloc(ulong N) : Command
{
    public override Errno Run(World w)
    {
        w.Faults.FailAt(N);
        return Errno.Ok;
    }

    public override Expectation Step(World w) => Expectation.Refused(Result.Ok);

    public override string ToString() => $"fail_alloc 0x{N:x}";
}
