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
        var catalogue = CommandCatalogue.Of(space.Layer).ToArray();
        return from config in space.Configs
               from length in Lengths
               from seed in CommandSource.Seeds
               select DrawTest(config, catalogue, space.IsSwarm, length, (ulong)seed);
    }

    /// <summary>The layer's command generator restricted to <paramref name="kinds"/>, weighted as the catalogue says.</summary>
    public static Gen<Command> Commands(HarnessConfig config, IReadOnlyList<CommandKind> kinds) => CommandGenerators.For(config, kinds).Gen;

    /// <summary>A test's length: up to the size FsCheck gives it, which grows over a campaign to its largest.</summary>
    private static Gen<int> Lengths { get; } = Gen.Sized(n => Gen.Choose(0, n));

    /// <summary>
    /// A test's kinds and commands, all from one seed: in a swarm each kind is kept with probability 3/4
    /// (all of them when none is), then <paramref name="length"/> commands of the kept kinds.
    /// </summary>
    private static TestCase DrawTest(HarnessConfig config, CommandKind[] catalogue, bool swarm, int length, ulong seed)
    {
        var d = new Draw(seed);
        IReadOnlyList<CommandKind> kinds = catalogue;
        if (swarm)
        {
            var kept = new List<CommandKind>(catalogue.Length);
            foreach (var kind in catalogue)
            {
                if (d.Weighted([3, 1]) == 0)
                {
                    kept.Add(kind);
                }
            }
            kinds = kept.Count > 0 ? kept : catalogue;
        }
        var source = CommandGenerators.For(config, kinds);
        var commands = new Command[length];
        for (var i = 0; i < length; i++)
        {
            commands[i] = source.Next(ref d);
        }
        return new TestCase(config, kinds, commands);
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
