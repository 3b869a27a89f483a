using System.Collections.Concurrent;
using Harness.Implementation;
using Harness.Properties.Commands;

namespace Harness.Properties.Generators;

/// <summary>
/// The <see cref="CommandSource"/> of a configuration and a set of kinds. Those of a configuration
/// without a memory layout (every stage-2 one) are built once per geometry and set of kinds, as a swarm
/// campaign draws a configuration per test; a host's layout is drawn for each test and often new, so
/// those are built per test (keeping them measured slower: the collector moved every kept one).
/// </summary>
public static class CommandGenerators
{
    /// <summary>Sources kept at most (a campaign needs a few hundred); past that the cache starts again.</summary>
    private const int Capacity = 4096;

    private static readonly ConcurrentDictionary<(Layer, Granule, int, ulong), CommandSource> ByGeometry = new();

    public static CommandSource For(HarnessConfig config, IReadOnlyList<CommandKind> kinds)
    {
        if (config.Memory.Count > 0 || MaskOf(kinds) is not { } mask)
        {
            return new CommandSource(config, kinds);
        }
        var key = (config.Layer, config.Granule, config.IaBits, mask);
        if (ByGeometry.TryGetValue(key, out var source))
        {
            return source;
        }
        if (ByGeometry.Count >= Capacity)
        {
            ByGeometry.Clear();
        }
        return ByGeometry.GetOrAdd(key, static (_, args) => new CommandSource(args.config, args.kinds), (config, kinds));
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
