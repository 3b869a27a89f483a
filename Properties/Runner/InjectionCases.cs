using FsCheck;
using FsCheck.Fluent;
using Harness.Properties.Commands;

namespace Harness.Properties.Runner;

/// <summary>
/// Cases for the fault-injection property: a configuration from the space, a prefix of the layer's
/// commands (without <c>fail_alloc</c>: the property places its own), then a target of a kind that can be
/// retried after -ENOMEM (map or set_owner on the stage2 layer, fault or donate on the host layer). The
/// shrinker drops prefix commands, then simplifies the target and the prefix.
/// </summary>
public static class InjectionCases
{
    public static Gen<InjectionCase> For(ConfigSpace space) =>
        from config in space.Configs
        let kinds = CommandCatalogue.Of(config.Layer).Where(k => k != FailAlloc.Entry).ToArray()
        let targets = kinds.Where(k => k.Remainder is not null).ToArray()
        from prefix in Gen.ArrayOf(TestCases.Commands(config, kinds))
        from target in TestCases.Commands(config, targets)
        select new InjectionCase(config, prefix, target);

    /// <summary>Simpler cases, simplest first: shorter prefixes, then a simpler target, then simpler prefix commands.</summary>
    public static IEnumerable<InjectionCase> Shrink(InjectionCase c)
    {
        var p = c.Prefix;
        var page = 1UL << (int)c.Config.Granule;
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
        foreach (var t in c.Target.Kind.Shrink(c.Target, page))
        {
            yield return c with { Target = t };
        }
        for (var i = 0; i < p.Count; i++)
        {
            foreach (var s in p[i].Kind.Shrink(p[i], page))
            {
                yield return c with { Prefix = [.. p.Take(i), s, .. p.Skip(i + 1)] };
            }
        }
    }
}
