using Harness.Properties.Commands;

namespace Harness.Properties.Runner;

/// <summary>
/// What the fault-injection property drives: a configuration, a prefix of commands that builds a table,
/// then one target command (map, set_owner, fault or donate) whose every page allocation is failed in turn.
/// </summary>
public sealed record InjectionCase(HarnessConfig Config, IReadOnlyList<Command> Prefix, Command Target)
{
    /// <summary>The trace name of the target's kind: <c>map</c>, <c>set_owner</c>, <c>fault</c> or <c>donate</c>.</summary>
    public string Kind => Target.Kind.Name;

    public override string ToString() => $"{Config}: {string.Join("; ", Prefix.Append(Target))}";
}
