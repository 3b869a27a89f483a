using System.Collections.Concurrent;
using FsCheck;
using FsCheck.Fluent;
using Harness.Implementation;
using Harness.Properties.Commands;

namespace Harness.Properties.Generators;

/// <summary>
/// The layer's command generator for a configuration, restricted to a set of kinds and weighted as the
/// catalogue says. A swarm campaign draws a configuration for every test, and building a layer's
/// generators (dozens of <c>Gen</c> values) costs more than drawing a short test from them; so the
/// generators of a configuration without a memory layout (every stage-2 one) are built once per geometry
/// and set of kinds. A host's layout is drawn for each test and is often new: keeping its generators
/// cost more than building them again (the garbage collector moving every kept one), so those are built
/// per test. The values drawn are the same either way.
/// </summary>
public static class CommandGenerators
{
    /// <summary>Generators kept at most (a campaign needs a few hundred); past that the cache starts again.</summary>
    private const int Capacity = 4096;

    private static readonly ConcurrentDictionary<(Layer, Granule, int, ulong), Gen<Command>> ByGeometry = new();

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
        var weighted = kinds.Select(k => (k.Weight, Gen: k.Generator(ctx))).Where(x => x.Gen is not null).Select(x => (x.Weight, x.Gen!)).ToArray();
        return Gen.Frequency(weighted);
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
