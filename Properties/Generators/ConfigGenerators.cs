using System.Collections.Concurrent;
using FsCheck;
using FsCheck.Fluent;
using Harness.Implementation;
using Harness.Properties.Oracle;

namespace Harness.Properties.Generators;

/// <summary>
/// Configurations drawn per test (swarm testing): granule, an IPA size from each granule's range (every
/// start level, concatenated roots, 52 bits with 64K), pool sizes from roomy to too small for the root,
/// memory layouts from two large regions to dozens of small ones, and the later behaviours on or off.
/// Page-sized annotations stay on: without them ownership is lost whenever a block annotation is split,
/// the known v5.13 hazard that a campaign of its own shows.
/// </summary>
public static class ConfigGenerators
{
    /// <summary>Stage-2 IPA sizes per granule: each start level and each count of concatenated root pages.</summary>
    public static IReadOnlyList<int> Stage2Ia(Granule g) => g switch
    {
        Granule.Size4K => [32, 36, 39, 40, 42, 43, 44, 48],
        Granule.Size16K => [32, 36, 40, 42, 47, 48],
        _ => [32, 40, 42, 44, 48, 52],
    };

    /// <summary>Host IPA sizes: the PARange sizes the granule allows.</summary>
    public static IReadOnlyList<int> HostIa(Granule g) => g == Granule.Size64K ? [32, 36, 40, 42, 44, 48, 52] : [32, 36, 40, 42, 44, 48];

    public static Gen<Granule> Granules => Gen.Frequency(
        (2, Gen.Constant(Implementation.Granule.Size4K)), (1, Gen.Constant(Implementation.Granule.Size16K)), (1, Gen.Constant(Implementation.Granule.Size64K)));

    private static readonly Gen<bool> Coin = Gen.Elements(false, true);

    /// <summary>Page-sized annotations, and each other fix half the time.</summary>
    public static Gen<Fix> Fixes { get; } = from order in Coin
                                           from checks in Coin
                                           from maps in Coin
                                           select Fix.PageSizedAnnotations | (order ? Fix.PoolMaxOrder : 0) | (checks ? Fix.DonateChecksOwner : 0) | (maps ? Fix.DonateMapsHyp : 0);

    /// <summary>Any subset of the fixes, none included: v5.13 exactly, or any later behaviour (for diffing backends).</summary>
    public static Gen<Fix> AnyFixes { get; } = Gen.Choose(0, (1 << FixText.All.Count) - 1).Select(bits => (Fix)bits);

    /// <summary>
    /// A configuration of <paramref name="layer"/>; <paramref name="granule"/> and <paramref name="ia"/> pin
    /// those when given; <paramref name="anyFixes"/> draws any subset of the fixes, page-sized annotations
    /// included or not (a diff of backends compares v5.13 too; the claims need the fix).
    /// </summary>
    public static Gen<HarnessConfig> For(Layer layer, Granule? granule = null, int? ia = null, bool anyFixes = false)
    {
        // Every Gen a later clause picks from is built here, once: built in the query, it would be built again per test.
        var granules = granule is { } fixedGranule ? Gen.Constant(fixedGranule) : Granules;
        var sizes = Enum.GetValues<Granule>().ToDictionary(g => g, g => ia is { } fixedIa ? Gen.Constant(fixedIa) : Gen.Elements<int>(layer == Layer.Stage2 ? Stage2Ia(g) : HostIa(g)));
        var layouts = new ConcurrentDictionary<(Granule, int), Gen<IReadOnlyList<MemRange>>>();
        var noMemory = Gen.Constant<IReadOnlyList<MemRange>>([]);
        var fixesDrawn = anyFixes ? AnyFixes : Fixes;
        return from g in granules
               from bits in sizes[g]
               from fixes in fixesDrawn
               from pool in PoolSizes
               from memory in layer == Layer.Host ? layouts.GetOrAdd((g, bits), k => Memory(new SpecGeometry((int)k.Item1, k.Item2))) : noMemory
               select new HarnessConfig(layer, g, bits, pool, memory, Bug.None) { Fixes = fixes };
    }

    /// <summary>Pool sizes from roomy to too small for the root.</summary>
    private static Gen<int> PoolSizes { get; } = Gen.Frequency((12, Gen.Constant(512)), (4, Gen.Constant(64)), (2, Gen.Constant(16)), (2, Gen.Choose(1, 8)));

    /// <summary>
    /// Memory layouts for a geometry: two large regions around a hole (blocks of every level fit, one
    /// boundary off the block grid); a region from 0 and one ending at 2^ia; or many small regions whose
    /// gaps each need a table of their own (enough to run the MMIO pool dry with 16K and 64K).
    /// </summary>
    public static Gen<IReadOnlyList<MemRange>> Memory(SpecGeometry geo)
    {
        var l2 = geo.Size(2);
        var big = geo.LeafAllowed(1) && geo.Size(1) * 4 <= geo.Limit ? geo.Size(1) : l2;
        IReadOnlyList<MemRange> two = [new(big, 2 * big), new((2 * big) + l2 + (l2 / 2), (2 * big) + (4 * l2))];
        IReadOnlyList<MemRange> edges = [new(0, l2), new(geo.Limit - (2 * l2) - geo.PageSize, geo.Limit)];
        var fits = two[^1].End <= geo.Limit;
        var most = (int)Math.Min(40, (geo.Limit / l2) - 2);
        var many = from n in Gen.Choose(Math.Min(8, most), most)
                   from pages in Gen.Choose(1, 8)
                   let size = (ulong)pages * geo.PageSize
                   select (IReadOnlyList<MemRange>)[.. Enumerable.Range(0, n).Select(i => new MemRange(((ulong)i + 1) * l2 + size, ((ulong)i + 1) * l2 + (2 * size)))];
        return fits
            ? Gen.Frequency((5, Gen.Constant(two)), (2, Gen.Constant(edges)), (3, many))
            : Gen.Frequency((2, Gen.Constant(edges)), (3, many));
    }
}
