using Harness.Properties.Commands;

namespace Harness.Properties.Trace;

/// <summary>
/// A parsed trace (docs/trace-format.md section 1): the configuration it fixes and its commands, each with
/// the 1-based line it came from (0 for commands that were never read from text, e.g. a shrunk counterexample).
/// </summary>
public sealed record TraceFile(HarnessConfig Config, IReadOnlyList<Command> Commands, IReadOnlyList<int> Lines)
{
    /// <summary>A trace of <paramref name="commands"/> that were generated, not read: no line numbers.</summary>
    public static TraceFile Of(HarnessConfig config, IReadOnlyList<Command> commands) => new(config, commands, [.. commands.Select(_ => 0)]);
}
