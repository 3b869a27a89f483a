using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Harness.Properties.Trace;

namespace Harness.Cli.Tests.Fuzz;

/// <summary>
/// What a number of a trace is replaced by: mostly values near the old one (a bit flipped, shifted up,
/// one more or less), which keep the trace valid and reach large but accepted configurations and ranges;
/// and the edges of the format: 0, 2^64-1, 2^64 and past it, negative, a decimal of many digits.
/// </summary>
public static class NumberFlips
{
    public const string Max = "0xffffffffffffffff";

    public const string TwoToThe64 = "18446744073709551616";

    /// <summary>Any 64-bit value, uniformly.</summary>
    public static readonly Gen<ulong> RandomBits =
        Gen.ArrayOf(Gen.Choose(0, 0xffff), 4).Select(p => (ulong)(uint)p[0] | ((ulong)(uint)p[1] << 16) | ((ulong)(uint)p[2] << 32) | ((ulong)(uint)p[3] << 48));

    private static readonly Gen<string> Edges = Gen.Elements(
        "0", "0x0", Max, "18446744073709551615", TwoToThe64, "0x10000000000000000", "0x1ffffffffffffffff",
        "-1", "-0x1000", "0x", "00000000000000000000001", "0x00000000000000000001", "+1", "1e9", "0b1", "0X10", "1_000");

    private static readonly Gen<string> HugeDecimal =
        from digits in Gen.Choose(21, 120)
        from first in Gen.Choose(1, 9)
        select first.ToString(CultureInfo.InvariantCulture) + new string('9', digits - 1);

    /// <summary>A replacement for <paramref name="token"/>, a number as the trace wrote it (decimal or <c>0x</c>).</summary>
    public static Gen<string> For(string token)
    {
        var hex = token.StartsWith("0x", StringComparison.Ordinal);
        var value = TraceNumbers.TryParse(token, out var v) ? v : 0;
        string Write(ulong x) => hex ? $"0x{x:x}" : x.ToString(CultureInfo.InvariantCulture);
        return Gen.Frequency(
            (4, Gen.Choose(0, 63).Select(bit => Write(value ^ (1UL << bit)))),
            (2, Gen.Choose(1, 24).Select(shift => Write(value << shift))),
            (1, Gen.Elements(-1L, 1L, -4096L, 4096L).Select(d => Write(value + (ulong)d))),
            (1, RandomBits.Select(Write)),
            (2, Edges),
            (1, Gen.Constant("-" + token)),
            (1, HugeDecimal));
    }
}
