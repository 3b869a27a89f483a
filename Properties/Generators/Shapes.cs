using FsCheck;
using FsCheck.Fluent;
using Harness.Implementation;

namespace Harness.Properties.Generators;

/// <summary>The address and size shapes both layers draw from, for one geometry.</summary>
public sealed class Shapes
{
    private readonly Geometry _geo;
    private readonly int[] _leafLevels;

    public Shapes(Geometry geo)
    {
        _geo = geo;
        _leafLevels = [.. Enumerable.Range(geo.StartLevel, Geometry.MaxLevels - geo.StartLevel).Where(geo.LevelSupportsLeaf)];
        Arena = Math.Min(geo.LevelSize(_leafLevels[0]), 1UL << (geo.IaBits - 2));
    }

    /// <summary>The start of the arena: one largest block up, so block boundaries of every level lie inside it.</summary>
    public ulong Arena { get; }

    public ulong Limit => 1UL << _geo.IaBits;

    /// <summary>Leaf-capable levels from the largest block down to the page.</summary>
    public IReadOnlyList<int> LeafLevels => _leafLevels;

    public Gen<int> Level => Gen.Elements<int>(_leafLevels);

    public Gen<ulong> AddrNearBoundary => from level in Level
                                          from i in Gen.Choose(0, 3)
                                          from shift in Gen.Frequency((6, Gen.Constant(0L)), (1, Gen.Constant(-1L)), (1, Gen.Constant(1L)), (2, Gen.Choose(0, 15).Select(x => (long)x)))
                                          select Arena + ((ulong)i * _geo.LevelSize(level)) + (ulong)(shift * (long)_geo.PageSize);

    /// <summary>Mostly <see cref="AddrNearBoundary"/>; rarely past the IPA space, straddling its end, or not page-aligned.</summary>
    public Gen<ulong> AddrOrInvalid => Gen.Frequency(
        (40, AddrNearBoundary),
        (1, Gen.Constant(Limit)),
        (1, Gen.Constant(Limit - _geo.PageSize)),
        (1, AddrNearBoundary.Select(a => a + 0x10)));

    public Gen<ulong> RangeSize => SizeAtLevels(Level);

    /// <summary>
    /// The second entry of the start level as (address, size), when the start level allows no leaves
    /// (e.g. level 0 with 4K and a 48-bit IPA): a range a correct map must cover with blocks of the
    /// level below, and where a block at the forbidden level would fit. Null when the start level
    /// allows leaves (the arena already covers it) or the entry is the whole IPA space.
    /// </summary>
    public (ulong Addr, ulong Size)? WholeStartEntry =>
        !_geo.LevelSupportsLeaf(_geo.StartLevel) && 2 * _geo.LevelSize(_geo.StartLevel) <= Limit
            ? (_geo.LevelSize(_geo.StartLevel), _geo.LevelSize(_geo.StartLevel))
            : null;

    /// <summary>
    /// Sizes for annotations, which are page-granular: at most a few second-largest blocks, so one
    /// command writes thousands of descriptors, not hundreds of thousands.
    /// </summary>
    public Gen<ulong> AnnotationSize => SizeAtLevels(_leafLevels.Length > 2 ? Gen.Elements<int>(_leafLevels.Skip(1)) : Level);

    private Gen<ulong> SizeAtLevels(Gen<int> levels) => from level in levels
                                   from kind in Gen.Frequency((4, Gen.Constant(0)), (4, Gen.Constant(1)), (2, Gen.Constant(2)), (2, Gen.Constant(3)), (1, Gen.Constant(4)))
                                   from n in Gen.Choose(1, 4)
                                   select kind switch
                                   {
                                       0 => (ulong)n * _geo.PageSize,
                                       1 => (ulong)n * _geo.LevelSize(level),
                                       2 => _geo.LevelSize(level) + _geo.PageSize,
                                       3 => _geo.LevelSize(level) - _geo.PageSize,
                                       _ => n == 1 ? 0UL : n == 2 ? 1UL : 0UL - _geo.PageSize,
                                   };
}
