using FsCheck;
using FsCheck.Fluent;
using Harness.Properties.Oracle;

namespace Harness.Properties.Generators;

/// <summary>
/// The address and size shapes both layers draw from, for one geometry, from the oracle's own tables
/// (spec 1.2): a generator must not learn from the Implementation where leaves may go.
/// </summary>
/// <remarks>
/// Every generator is built once, here: a <c>Gen</c> built inside a query's later <c>from</c> clause would be
/// built again for every value drawn (the draws are the same either way; only the cost differs).
/// </remarks>
public sealed class Shapes
{
    private static readonly Gen<int> BlockIndex = Gen.Choose(0, 3);

    private static readonly Gen<long> PageShift = Gen.Frequency((6, Gen.Constant(0L)), (1, Gen.Constant(-1L)), (1, Gen.Constant(1L)), (2, Gen.Choose(0, 15).Select(x => (long)x)));

    private static readonly Gen<int> SizeKind = Gen.Frequency((4, Gen.Constant(0)), (4, Gen.Constant(1)), (2, Gen.Constant(2)), (2, Gen.Constant(3)), (1, Gen.Constant(4)));

    private static readonly Gen<int> Multiple = Gen.Choose(1, 4);

    private readonly SpecGeometry _geo;
    private readonly int[] _leafLevels;
    private readonly ulong[] _arenas;

    public Shapes(SpecGeometry geo)
    {
        _geo = geo;
        _leafLevels = [.. geo.LeafLevels];
        var largest = Math.Min(geo.Size(_leafLevels[0]), 1UL << (geo.IaBits - 2));
        // One largest block up, so block boundaries of every level lie inside the arena; one in the last
        // of several concatenated root pages; and with an IPA space past 2^48 (64K, 52 bits) one there,
        // so output addresses of 52 bits are written too.
        List<ulong> arenas = [largest];
        if (geo.RootPages > 1)
        {
            arenas.Add(geo.RootBase(geo.RootPages - 1) + largest);
        }
        if (geo.IaBits > 48)
        {
            arenas.Add((1UL << 48) + largest);
        }
        _arenas = [.. arenas];
        Level = Gen.Elements<int>(_leafLevels);
        ArenaBase = Gen.Elements<ulong>(_arenas);
        AddrNearBoundary = from arena in ArenaBase
                           from level in Level
                           from i in BlockIndex
                           from shift in PageShift
                           select arena + ((ulong)i * _geo.Size(level)) + (ulong)(shift * (long)_geo.PageSize);
        AddrOrInvalid = Gen.Frequency(
            (40, AddrNearBoundary),
            (1, Gen.Constant(Limit)),
            (1, Gen.Constant(Limit - _geo.PageSize)),
            (1, AddrNearBoundary.Select(a => a + 0x10)));
        RangeSize = SizeAtLevels(SmallLevelsMostly(_leafLevels));
        AnnotationSize = SizeAtLevels(SmallLevelsMostly(_leafLevels.Length > 2 ? [.. _leafLevels.Skip(1)] : _leafLevels));
    }

    public SpecGeometry Geometry => _geo;

    /// <summary>The start of the first arena.</summary>
    public ulong Arena => _arenas[0];

    public ulong Limit => _geo.Limit;

    /// <summary>Leaf-capable levels from the largest block down to the page.</summary>
    public IReadOnlyList<int> LeafLevels => _leafLevels;

    public Gen<int> Level { get; }

    public Gen<ulong> ArenaBase { get; }

    /// <summary>A block boundary of some leaf level in an arena, or a page or a few off it.</summary>
    public Gen<ulong> AddrNearBoundary { get; }

    /// <summary>Mostly <see cref="AddrNearBoundary"/>; rarely past the IPA space, straddling its end, or not page-aligned.</summary>
    public Gen<ulong> AddrOrInvalid { get; }

    public Gen<ulong> RangeSize { get; }

    /// <summary>
    /// A leaf level for a size, the page level most often and the largest blocks least: a range of a large
    /// block's size a page off the block grid writes thousands of page descriptors (8,192 per 512 MiB with
    /// 64K), so drawn as often as a page it would make a command cost a thousand small ones.
    /// </summary>
    private static Gen<int> SmallLevelsMostly(IReadOnlyList<int> levels) =>
        Gen.Frequency(levels.Select((level, i) => (i == levels.Count - 1 ? 12 : i == levels.Count - 2 ? 2 : 1, Gen.Constant(level))).ToArray());

    /// <summary>
    /// The second entry of the start level as (address, size), when the start level allows no leaves
    /// (level 0 with 4K and a 44-48-bit IPA, level 1 with 16K and 42-48 bits): a range a correct map must
    /// cover with blocks of the level below, and where a block at the forbidden level would fit. Null
    /// otherwise, or when the entry is the whole IPA space.
    /// </summary>
    public (ulong Addr, ulong Size)? WholeStartEntry =>
        !_geo.LeafAllowed(_geo.StartLevel) && 2 * _geo.Size(_geo.StartLevel) <= Limit
            ? (_geo.Size(_geo.StartLevel), _geo.Size(_geo.StartLevel))
            : null;

    /// <summary>
    /// Sizes for annotations, which are page-granular: at most a few second-largest blocks, so one
    /// command writes thousands of descriptors, not hundreds of thousands.
    /// </summary>
    public Gen<ulong> AnnotationSize { get; }

    private Gen<ulong> SizeAtLevels(Gen<int> levels) => from level in levels
                                                        from kind in SizeKind
                                                        from n in Multiple
                                                        select kind switch
                                                        {
                                                            0 => (ulong)n * _geo.PageSize,
                                                            1 => (ulong)n * _geo.Size(level),
                                                            2 => _geo.Size(level) + _geo.PageSize,
                                                            3 => _geo.Size(level) - _geo.PageSize,
                                                            _ => n == 1 ? 0UL : n == 2 ? 1UL : 0UL - _geo.PageSize,
                                                        };
}
