using FsCheck;
using FsCheck.Fluent;
using Harness.Implementation;
using Harness.Properties.Commands;
using Harness.Properties.Generators;

namespace Harness.Properties.Runner;

/// <summary>
/// Generates <see cref="TestCase"/>s from a <see cref="ConfigSpace"/> and shrinks them: whole commands
/// first, then the configuration toward the layer's defaults, then each command's arguments.
/// </summary>
public static class TestCases
{
    public static Gen<TestCase> For(ConfigSpace space)
    {
        // Built here, not in the query: a Gen in a later clause is built again for every test.
        var kinds = space.IsSwarm ? Kinds(space.Layer) : Gen.Constant<IReadOnlyList<CommandKind>>([.. CommandCatalogue.Of(space.Layer)]);
        return from config in space.Configs
               from k in kinds
               from commands in Gen.ArrayOf(Commands(config, k))
               select new TestCase(config, k, commands);
    }

    /// <summary>The layer's command generator restricted to <paramref name="kinds"/>, weighted as the catalogue says.</summary>
    public static Gen<Command> Commands(HarnessConfig config, IReadOnlyList<CommandKind> kinds) => CommandGenerators.For(config, kinds);

    /// <summary>A random non-empty subset of the layer's command kinds (each kept with probability 3/4).</summary>
    public static Gen<IReadOnlyList<CommandKind>> Kinds(Layer layer)
    {
        var all = CommandCatalogue.Of(layer).ToArray();
        return Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false))), all.Length)
            .Select(keep => (IReadOnlyList<CommandKind>)(keep.Contains(true) ? [.. all.Where((_, i) => keep[i])] : all));
    }

    /// <summary>Simpler cases, simplest first.</summary>
    public static IEnumerable<TestCase> Shrink(TestCase t, ConfigSpace space)
    {
        var p = t.Commands;
        if (p.Count > 1)
        {
            yield return t with { Commands = [] };
            yield return t with { Commands = [.. p.Take(p.Count / 2)] };
            yield return t with { Commands = [.. p.Skip(p.Count / 2)] };
        }
        for (var i = 0; i < p.Count; i++)
        {
            yield return t with { Commands = [.. p.Take(i), .. p.Skip(i + 1)] };
        }
        if (space.IsSwarm)
        {
            foreach (var c in SimplerConfigs(t.Config, space.Simplest))
            {
                yield return t with { Config = c };
            }
        }
        var page = 1UL << (int)t.Config.Granule;
        for (var i = 0; i < p.Count; i++)
        {
            foreach (var s in p[i].Kind.Shrink(p[i], page))
            {
                yield return t with { Commands = [.. p.Take(i), s, .. p.Skip(i + 1)] };
            }
        }
    }

    /// <summary>One step toward <paramref name="simplest"/> at a time: fixes, pool, memory, IPA size, granule.</summary>
    private static IEnumerable<HarnessConfig> SimplerConfigs(HarnessConfig c, HarnessConfig simplest)
    {
        if (c.Fixes != simplest.Fixes)
        {
            foreach (var (fix, _) in FixText.All)
            {
                if (c.Fixes.HasFlag(fix) && !simplest.Fixes.HasFlag(fix))
                {
                    yield return c with { Fixes = c.Fixes & ~fix };
                }
            }
        }
        if (c.PoolPages != simplest.PoolPages && c.Layer == Layer.Stage2)
        {
            yield return c with { PoolPages = simplest.PoolPages };
        }
        if (c.Layer == Layer.Host && c.Granule == simplest.Granule && c.IaBits == simplest.IaBits && !c.Memory.SequenceEqual(simplest.Memory))
        {
            yield return c with { Memory = simplest.Memory };
        }
        if (c.Granule == simplest.Granule && c.IaBits != simplest.IaBits)
        {
            var candidate = c with { IaBits = simplest.IaBits };
            if (ConfigCheck.Problem(candidate) is null)
            {
                yield return candidate;
            }
        }
        if (c.Granule != simplest.Granule)
        {
            var candidate = c with { Granule = simplest.Granule, IaBits = simplest.IaBits, Memory = c.Layer == Layer.Host ? simplest.Memory : c.Memory };
            if (ConfigCheck.Problem(candidate) is null)
            {
                yield return candidate;
            }
        }
    }
}
