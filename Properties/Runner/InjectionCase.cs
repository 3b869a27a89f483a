using Harness.Properties.Commands;

namespace Harness.Properties.Runner;

/// <summary>
/// What the fault-injection property drives: a prefix of commands that builds a table, then one
/// target command (map, set_owner, fault or donate) whose every page allocation is failed in turn.
/// </summary>
public sealed record InjectionCase(IReadOnlyList<Command> Prefix, Command Target)
{
    /// <summary>The trace name of the target's kind: <c>map</c>, <c>set_owner</c>, <c>fault</c> or <c>donate</c>.</summary>
    public string Kind => KindOf(Target);

    public static string KindOf(Command c) => c switch
    {
        Map => "map",
        SetOwner => "set_owner",
        Fault => "fault",
        Donate => "donate",
        Unmap => "unmap",
        _ => c.GetType().Name,
    };

    public override string ToString() => string.Join("; ", Prefix.Append(Target));
}
