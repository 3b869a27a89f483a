using Harness.Properties.Commands;

namespace Harness.Properties.Runner;

/// <summary>
/// One generated test: the configuration it was drawn with (layer, granule, IPA size, pool or memory
/// layout, fixes), the command kinds enabled for it (swarm testing) and its commands. All of it shrinks.
/// </summary>
public sealed record TestCase(HarnessConfig Config, IReadOnlyList<CommandKind> Kinds, IReadOnlyList<Command> Commands)
{
    public override string ToString() => $"{Config}: {string.Join("; ", Commands)}";
}
