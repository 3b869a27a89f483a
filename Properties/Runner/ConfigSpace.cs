using FsCheck;
using FsCheck.Fluent;
using Harness.Implementation;
using Harness.Properties.Generators;

namespace Harness.Properties.Runner;

/// <summary>
/// Where a campaign draws its configurations from: one fixed configuration (a bug's home, a pinned
/// geometry), or the swarm of <see cref="ConfigGenerators"/> for a layer, each test with its own draw and
/// a random subset of the command kinds.
/// </summary>
public sealed record ConfigSpace(Layer Layer, HarnessConfig? Fixed, Granule? Granule = null, int? Ia = null)
{
    public static ConfigSpace Of(HarnessConfig config) => new(config.Layer, config);

    public static ConfigSpace Swarm(Layer layer, Granule? granule = null, int? ia = null) => new(layer, null, granule, ia);

    public bool IsSwarm => Fixed is null;

    public Gen<HarnessConfig> Configs => Fixed is { } c ? Gen.Constant(c) : ConfigGenerators.For(Layer, Granule, Ia);

    /// <summary>
    /// The configuration a shrunk swarm case moves toward: the layer's defaults with the campaign fixes,
    /// and the granule and IPA size the space pins, so that shrinking never leaves the space.
    /// </summary>
    public HarnessConfig Simplest => Fixed ?? (Granule is null && Ia is null
        ? (Layer == Layer.Stage2 ? HarnessConfig.Stage2Default : HarnessConfig.HostDefault)
        : HarnessConfig.For(Layer, Granule ?? (Ia > 48 ? Implementation.Granule.Size64K : Implementation.Granule.Size4K), Ia ?? 40));

    public override string ToString() => Fixed?.ToString() ??
        $"{Layer.ToString().ToLowerInvariant()} swarm{(Granule is { } g ? $", {GranuleText.Format(g)} granule" : "")}{(Ia is { } ia ? $", ia {ia}" : "")}";
}
