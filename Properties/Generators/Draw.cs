namespace Harness.Properties.Generators;

/// <summary>
/// The randomness one generated command is drawn from: a SplitMix64 stream seeded by a single FsCheck
/// draw. FsCheck's query clauses split the generator's state and allocate at every clause, about 1.5 us
/// for a stage-2 command, a sixth of a campaign; a command drawn here costs one FsCheck draw and a few
/// multiplications. The same seed gives the same values on every machine (integer arithmetic only).
/// </summary>
/// <remarks>
/// The methods mirror the FsCheck combinators the generators were first written with, and keep their
/// meaning: <see cref="Between"/> is <c>Gen.Choose</c> (both ends included), <see cref="OneOf{T}"/> is
/// <c>Gen.Elements</c>, <see cref="Weighted"/> is <c>Gen.Frequency</c>'s choice of a branch.
/// </remarks>
public struct Draw(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The next 64 random bits (SplitMix64: Steele, Lea and Flood, 2014).</summary>
    public ulong Next()
    {
        _state += 0x9E37_79B9_7F4A_7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, <paramref name="n"/>) for a positive <paramref name="n"/> (the high half of a 64x64-bit product).</summary>
    public int Below(int n) => (int)(((UInt128)Next() * (ulong)n) >> 64);

    /// <summary>Uniform in [<paramref name="low"/>, <paramref name="high"/>], both included.</summary>
    public int Between(int low, int high) => low + Below(high - low + 1);

    /// <summary>One of <paramref name="items"/>, each as likely.</summary>
    public T OneOf<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    /// <summary>An index into <paramref name="weights"/>, each drawn in proportion to its weight.</summary>
    public int Weighted(ReadOnlySpan<int> weights)
    {
        var total = 0;
        foreach (var w in weights)
        {
            total += w;
        }
        var r = Below(total);
        var i = 0;
        while (r >= weights[i])
        {
            r -= weights[i];
            i++;
        }
        return i;
    }
}
