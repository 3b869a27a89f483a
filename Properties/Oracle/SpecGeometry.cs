namespace Harness.Properties.Oracle;

/// <summary>
/// The oracle's own reading of spec section 1: level shifts, which levels hold leaves, the start level
/// and the concatenated root, from the spec's tables alone. It deliberately shares no code with the
/// Implementation's <c>Geometry</c>: a mistake there must not move the judge with it.
/// </summary>
public readonly record struct SpecGeometry
{
    /// <summary>Spec 1.1: shift of levels 0..3 per granule.</summary>
    private static readonly int[] Shifts4K = [39, 30, 21, 12];
    private static readonly int[] Shifts16K = [47, 36, 25, 14];
    private static readonly int[] Shifts64K = [55, 42, 29, 16];

    private readonly int[] _shifts;

    public SpecGeometry(int pageShift, int iaBits)
        : this(pageShift, iaBits, null)
    {
    }

    private SpecGeometry(int pageShift, int iaBits, int? startLevel)
    {
        _shifts = pageShift switch
        {
            12 => Shifts4K,
            14 => Shifts16K,
            16 => Shifts64K,
            _ => throw new ArgumentOutOfRangeException(nameof(pageShift), pageShift, "granule must be 4K, 16K or 64K"),
        };
        PageShift = pageShift;
        IaBits = iaBits;
        // Spec 1.3: levels = floor((ia - 8) / (s - 3)), at least 2; SL = 4 - levels.
        StartLevel = startLevel ?? 4 - Math.Max(2, (iaBits - 8) / (pageShift - 3));
    }

    /// <summary>Spec 1.4: the hypervisor's stage 1, levels = floor((va - 4) / (s - 3)), no minimum, one root page.</summary>
    public static SpecGeometry HypStage1(int pageShift, int vaBits) => new(pageShift, vaBits, 4 - ((vaBits - 4) / (pageShift - 3)));

    public int PageShift { get; }

    public int IaBits { get; }

    public int StartLevel { get; }

    public ulong PageSize => 1UL << PageShift;

    /// <summary>Spec 1.1: descriptors per table page, 2^(s-3).</summary>
    public int Entries => 1 << (PageShift - 3);

    /// <summary>2^ia: the end of the IPA space.</summary>
    public ulong Limit => IaBits >= 64 ? 0 : 1UL << IaBits;

    /// <summary>Spec 1.5: the largest output address size, 52 bits with 64K, 48 otherwise.</summary>
    public int PaBits => PageShift == 16 ? 52 : 48;

    public int Shift(int level) => _shifts[level];

    public ulong Size(int level) => 1UL << _shifts[level];

    /// <summary>Spec 1.2: level 3 always; level 2 always; level 1 only with 4K; never level 0.</summary>
    public bool LeafAllowed(int level) => level is 2 or 3 || (level == 1 && PageShift == 12);

    /// <summary>The levels from the start level down that may hold a leaf, largest first.</summary>
    public IEnumerable<int> LeafLevels
    {
        get
        {
            for (var level = StartLevel; level <= 3; level++)
            {
                if (LeafAllowed(level))
                {
                    yield return level;
                }
            }
        }
    }

    /// <summary>The largest leaf the table can hold, capped at the IPA space.</summary>
    public ulong LargestLeaf => Math.Min(Size(LeafLevels.First()), Limit);

    /// <summary>
    /// Spec 1.3: the IPA span of one root page, size(SL - 1): the start level's span times its entries.
    /// Level -1 is only reached with 4K at start level 0, where it is 2^48.
    /// </summary>
    public int RootPageShift => _shifts[StartLevel] + PageShift - 3;

    /// <summary>Spec 1.3: ((2^ia - 1) >> shift(SL - 1)) + 1 concatenated root pages.</summary>
    public int RootPages => RootPageShift >= 64 ? 1 : (int)(((Limit - 1) >> RootPageShift) + 1);

    /// <summary>The first IPA root page <paramref name="index"/> covers.</summary>
    public ulong RootBase(int index) => RootPageShift >= 64 ? 0 : (ulong)index << RootPageShift;

    /// <summary>Spec 1.1: the index of <paramref name="addr"/> in a table at <paramref name="level"/>.</summary>
    public int Index(ulong addr, int level) => (int)((addr >> _shifts[level]) & (ulong)(Entries - 1));

    /// <summary>The root page holding <paramref name="addr"/>.</summary>
    public int RootIndex(ulong addr) => RootPageShift >= 64 ? 0 : (int)((addr & (Limit - 1)) >> RootPageShift);

    public override string ToString() => $"{PageSize / 1024}K granule, {IaBits}-bit IPA, start level {StartLevel}, {RootPages} root page(s)";
}
