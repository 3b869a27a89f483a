using Harness.Properties.Oracle;

namespace Harness.Properties.Generators;

/// <summary>
/// The address and size shapes both layers draw from, for one geometry, from the oracle's own tables
/// (spec 1.2): a generator must not learn from the Implementation where leaves may go.
/// </summary>
public sealed class Shapes
{
    private readonly SpecGeometry _geo;
    private readonly int[] _leafLevels;
    private readonly ulong[] _arenas;
    private readonly int[] _rangeLevelWeights;
    private readonly int[] _annotationLevels;
    private readonly int[] _annotationLevelWeights;

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
        _rangeLevelWeights = SmallLevelsMostly(_leafLevels);
        // Annotations are page-granular: at most a few second-largest blocks, so one command writes
        // thousands of descriptors, not hundreds of thousands.
        _annotationLevels = _leafLevels.Length > 2 ? [.. _leafLevels.Skip(1)] : _leafLevels;
        _annotationLevelWeights = SmallLevelsMostly(_annotationLevels);
    }

    public SpecGeometry Geometry => _geo;

    /// <summary>The start of the first arena.</summary>
    public ulong Arena => _arenas[0];

    public ulong Limit => _geo.Limit;

    /// <summary>Leaf-capable levels from the largest block down to the page.</summary>
    public IReadOnlyList<int> LeafLevels => _leafLevels;

    /// <summary>A leaf-capable level, each as likely.</summary>
    public int Level(ref Draw d) => d.OneOf(_leafLevels);

    /// <summary>
    /// A block boundary of some leaf level in an arena (one of its first four blocks), usually exactly on
    /// it, sometimes a page either side or up to 15 pages past it.
    /// </summary>
    public ulong AddrNearBoundary(ref Draw d)
    {
        var arena = d.OneOf(_arenas);
        var level = Level(ref d);
        var i = d.Between(0, 3);
        long shift = d.Weighted([6, 1, 1, 2]) switch
        {
            0 => 0,
            1 => -1,
            2 => 1,
            _ => d.Between(0, 15),
        };
        return arena + ((ulong)i * _geo.Size(level)) + (ulong)(shift * (long)_geo.PageSize);
    }

    /// <summary>Mostly <see cref="AddrNearBoundary"/>; rarely past the IPA space, straddling its end, or not page-aligned.</summary>
    public ulong AddrOrInvalid(ref Draw d) => d.Weighted([40, 1, 1, 1]) switch
    {
        0 => AddrNearBoundary(ref d),
        1 => Limit,
        2 => Limit - _geo.PageSize,
        _ => AddrNearBoundary(ref d) + 0x10,
    };

    /// <summary>The size of a map or unmap: see <see cref="SizeAtLevel"/>, at any leaf level.</summary>
    public ulong RangeSize(ref Draw d) => SizeAtLevel(ref d, _leafLevels[d.Weighted(_rangeLevelWeights)]);

    /// <summary>The size of an annotation: see <see cref="SizeAtLevel"/>, at most a second-largest block.</summary>
    public ulong AnnotationSize(ref Draw d) => SizeAtLevel(ref d, _annotationLevels[d.Weighted(_annotationLevelWeights)]);

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
    /// Weights for a size's level, the page level most often and the largest blocks least: a range of a
    /// large block's size a page off the block grid writes thousands of page descriptors (8,192 per 512
    /// MiB with 64K), so drawn as often as a page it would make a command cost a thousand small ones.
    /// </summary>
    private static int[] SmallLevelsMostly(int[] levels) =>
        [.. levels.Select((_, i) => i == levels.Length - 1 ? 12 : i == levels.Length - 2 ? 2 : 1)];

    /// <summary>
    /// A few pages, a few blocks of <paramref name="level"/>, a block and a page more or less, or
    /// rarely a size that is no size (0, 1, or wrapping past the top of the address space).
    /// </summary>
    private ulong SizeAtLevel(ref Draw d, int level)
    {
        var kind = d.Weighted([4, 4, 2, 2, 1]);
        var n = d.Between(1, 4);
        return kind switch
        {
            0 => (ulong)n * _geo.PageSize,
            1 => (ulong)n * _geo.Size(level),
            2 => _geo.Size(level) + _geo.PageSize,
            3 => _geo.Size(level) - _geo.PageSize,
            _ => n == 1 ? 0UL : n == 2 ? 1UL : 0UL - _geo.PageSize,
        };
    }
}
