using FsCheck;
using FsCheck.Fluent;
using Harness.Properties.Commands;
using Harness.Properties.Runner;

namespace Harness.Properties.Generators;

/// <summary>
/// Cases for the fault-injection property, from the layer's own generators: a prefix of the layer's
/// commands (without <c>fail_alloc</c>: the property places its own), then a target that allocates,
/// map or set_owner on the stage-2 layer, fault or donate on the host layer. The shrinker drops
/// prefix commands, then simplifies the target and the prefix with <see cref="Shrinker"/>.
/// </summary>
public sealed class InjectionCases
{
    private readonly ulong _pageSize;

    public InjectionCases(HarnessConfig config)
    {
        _pageSize = config.Geometry.PageSize;
        PrefixCommand = CommandGenerator.For(config).Where(c => c is not FailAlloc);
        if (config.Layer == Layer.Stage2)
        {
            var s = new Stage2Generators(config.Geometry);
            Target = Gen.OneOf(s.Map, s.SetOwner);
        }
        else
        {
            var h = new HostGenerators(config.Geometry, config.Memory);
            // A fault allocates only where its block's tables are missing, so it gets more draws.
            Target = Gen.Frequency((3, h.Fault), (1, h.Donate));
        }
        Case = from prefix in Gen.ArrayOf(PrefixCommand)
               from target in Target
               select new InjectionCase(prefix, target);
    }

    /// <summary>The layer's command mix without <c>fail_alloc</c>.</summary>
    public Gen<Command> PrefixCommand { get; }

    /// <summary>The layer's allocating commands: map and set_owner half and half; three faults to one donation.</summary>
    public Gen<Command> Target { get; }

    /// <summary>A prefix as long as the size allows, then a target.</summary>
    public Gen<InjectionCase> Case { get; }

    /// <summary>Simpler cases, simplest first: shorter prefixes, then a simpler target, then simpler prefix commands.</summary>
    public IEnumerable<InjectionCase> Shrink(InjectionCase c)
    {
        var p = c.Prefix;
        if (p.Count > 1)
        {
            yield return c with { Prefix = [] };
            yield return c with { Prefix = [.. p.Take(p.Count / 2)] };
            yield return c with { Prefix = [.. p.Skip(p.Count / 2)] };
        }
        for (var i = 0; i < p.Count; i++)
        {
            yield return c with { Prefix = [.. p.Take(i), .. p.Skip(i + 1)] };
        }
        foreach (var t in Shrinker.Shrink(c.Target, _pageSize))
        {
            yield return c with { Target = t };
        }
        for (var i = 0; i < p.Count; i++)
        {
            foreach (var s in Shrinker.Shrink(p[i], _pageSize))
            {
                yield return c with { Prefix = [.. p.Take(i), s, .. p.Skip(i + 1)] };
            }
        }
    }
}
