using System.Collections.Concurrent;
using FsCheck;
using FsCheck.Fluent;
using Harness.Implementation;
using Harness.Properties.Commands;

namespace Harness.Properties.Generators;

/// <summary>
/// The layer's command generator for a configuration, restricted to a set of kinds and weighted as the
/// catalogue says: one FsCheck draw of 64 bits per command, from which <see cref="Draw"/> picks the kind
/// and its arguments. The generators of a configuration without a memory layout (every stage-2 one)
/// are built once per geometry and set of kinds, as a swarm campaign draws a configuration per test; a
/// host's layout is drawn for each test and often new, so those are built per test.
/// </summary>
public static class CommandGenerators
{
    /// <summary>Generators kept at most (a campaign needs a few hundred); past that the cache starts again.</summary>
    private const int Capacity = 4096;

    private static readonly ConcurrentDictionary<(Layer, Granule, int, ulong), Gen<Command>> ByGeometry = new();

    /// <summary>The 64 bits each command is drawn from.</summary>
    private static readonly Gen<long> Seeds = FsCheck.FSharp.Gen.Choose64(long.MinValue, long.MaxValue);

    public static Gen<Command> For(HarnessConfig config, IReadOnlyList<CommandKind> kinds)
    {
        if (config.Memory.Count > 0 || MaskOf(kinds) is not { } mask)
        {
            return Build(config, kinds);
        }
        var key = (config.Layer, config.Granule, config.IaBits, mask);
        if (ByGeometry.TryGetValue(key, out var gen))
        {
            return gen;
        }
        if (ByGeometry.Count >= Capacity)
        {
            ByGeometry.Clear();
        }
        return ByGeometry.GetOrAdd(key, static (_, args) => Build(args.config, args.kinds), (config, kinds));
    }

    private static Gen<Command> Build(HarnessConfig config, IReadOnlyList<CommandKind> kinds)
    {
        var ctx = new GenContext(config);
        var drawn = kinds.Select(k => (k.Weight, Draw: k.Generator(ctx))).Where(x => x.Draw is not null && x.Weight > 0).ToArray();
        if (drawn.Length == 0)
        {
            throw new ArgumentException($"none of the kinds {string.Join(", ", kinds)} is generated for the {config.Layer} layer", nameof(kinds));
        }
        var weights = drawn.Select(x => x.Weight).ToArray();
        var draws = drawn.Select(x => x.Draw!).ToArray();
        return Seeds.Select(seed =>
        {
            var d = new Draw((ulong)seed);
            return draws[d.Weighted(weights)](ref d);
        });
    }

    /// <summary>The set of kinds as bits, one per catalogue entry; null for a kind the catalogue does not hold.</summary>
    private static ulong? MaskOf(IReadOnlyList<CommandKind> kinds)
    {
        var all = CommandCatalogue.All;
        var mask = 0UL;
        foreach (var kind in kinds)
        {
            var i = 0;
            while (i < all.Count && !ReferenceEquals(all[i], kind))
            {
                i++;
            }
            if (i == all.Count)
            {
                return null;
            }
            mask |= 1UL << i;
        }
        return mask;
    }
}
