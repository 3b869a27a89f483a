using FsCheck;
using FsCheck.Fluent;
using Harness.Properties.Commands;

namespace Harness.Properties.Generators;

/// <summary>
/// The commands of one configuration and set of kinds: each kind drawn as often as its catalogue
/// weight says, then its arguments, all from one <see cref="Draw"/>.
/// </summary>
public sealed class CommandSource
{
    /// <summary>The 64 bits a command (or a test's commands) is drawn from.</summary>
    public static Gen<long> Seeds { get; } = FsCheck.FSharp.Gen.Choose64(long.MinValue, long.MaxValue);

    private readonly int[] _weights;
    private readonly CommandDraw[] _draws;
    private Gen<Command>? _gen;

    public CommandSource(HarnessConfig config, IReadOnlyList<CommandKind> kinds)
    {
        var ctx = new GenContext(config);
        var drawn = kinds.Select(k => (k.Weight, Draw: k.Generator(ctx))).Where(x => x.Draw is not null && x.Weight > 0).ToArray();
        if (drawn.Length == 0)
        {
            throw new ArgumentException($"none of the kinds {string.Join(", ", kinds)} is generated for the {config.Layer} layer", nameof(kinds));
        }
        _weights = [.. drawn.Select(x => x.Weight)];
        _draws = [.. drawn.Select(x => x.Draw!)];
    }

    /// <summary>The next command drawn from <paramref name="d"/>.</summary>
    public Command Next(ref Draw d) => _draws[d.Weighted(_weights)](ref d);

    /// <summary>One command per FsCheck draw, for callers that compose FsCheck generators (traces, fault injection).</summary>
    public Gen<Command> Gen => _gen ??= Seeds.Select(seed =>
    {
        var d = new Draw((ulong)seed);
        return Next(ref d);
    });
}
