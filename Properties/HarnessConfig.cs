using Harness.Implementation;

namespace Harness.Properties;

/// <summary>
/// Everything that fixes the system a command sequence runs against (the trace format's configuration
/// items): layer, granule, IPA size, pool size, memory regions, the later behaviours applied (<c>fix</c>
/// items) and the bugs switched on.
/// </summary>
public sealed record HarnessConfig(Layer Layer, Granule Granule, int IaBits, int PoolPages, IReadOnlyList<MemRange> Memory, Bug Bugs)
{
    /// <summary>
    /// What campaigns apply on top of v5.13 unless told otherwise: page-sized annotations, since with
    /// v5.13's block annotations ownership is lost whenever one is split, which the ownership claim would
    /// report on every run (that known v5.13 hazard is shown by a campaign of its own).
    /// </summary>
    public const Fix CampaignFixes = Fix.PageSizedAnnotations;

    /// <summary>The later behaviours applied on top of v5.13 (the trace's <c>fix</c> items).</summary>
    public Fix Fixes { get; init; }

    /// <summary>Stage2 layer, 4K granule, 40-bit IPA, 512-page pool, with <see cref="CampaignFixes"/>.</summary>
    public static HarnessConfig Stage2Default { get; } = new(Layer.Stage2, Granule.Size4K, 40, 512, [], Bug.None) { Fixes = CampaignFixes };

    /// <summary>A host with two memory regions around an MMIO hole, 4K granule, 40-bit IPA, with <see cref="CampaignFixes"/>.</summary>
    public static HarnessConfig HostDefault { get; } = new(Layer.Host, Granule.Size4K, 40, 512, DefaultMemory(Granule.Size4K), Bug.None) { Fixes = CampaignFixes };

    /// <summary>
    /// Two memory regions laid so that blocks of every leaf level fit in them and one boundary is not
    /// block-aligned: a 1-largest-block region at 1x the largest block, then a region starting half a
    /// level-2 block after an MMIO hole.
    /// </summary>
    public static IReadOnlyList<MemRange> DefaultMemory(Granule granule)
    {
        var geo = Geometry.Stage2(granule, 40)!.Value;
        var l2 = geo.LevelSize(2);
        var big = granule == Granule.Size4K ? geo.LevelSize(1) : l2;
        return [new MemRange(big, 2 * big), new MemRange((2 * big) + l2 + (l2 / 2), (2 * big) + (4 * l2))];
    }

    /// <summary>The default configuration of <paramref name="layer"/> with another geometry (host memory laid out for its granule).</summary>
    public static HarnessConfig For(Layer layer, Granule granule, int iaBits) =>
        (layer == Layer.Host ? HostDefault with { Memory = DefaultMemory(granule) } : Stage2Default) with { Granule = granule, IaBits = iaBits };

    /// <summary>This configuration with <paramref name="bugs"/> switched on instead.</summary>
    public HarnessConfig WithBugs(Bug bugs) => this with { Bugs = bugs };

    public Geometry Geometry => Implementation.Geometry.Stage2(Granule, IaBits) ?? throw new InvalidOperationException($"no {Granule} geometry with {IaBits}-bit IPA");

    public override string ToString() =>
        $"{Layer.ToString().ToLowerInvariant()}, {GranuleText.Format(Granule)} granule, ia {IaBits}" +
        (Layer == Layer.Stage2 ? $", pool {PoolPages}" : $", {Memory.Count} memory region(s)") +
        (Fixes == Fix.None ? "" : $", fixes: {FixText.Format(Fixes)}") +
        (Bugs == Bug.None ? "" : $", bugs: {Bugs}");
}
