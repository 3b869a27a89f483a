using FsCheck;
using FsCheck.Fluent;
using Harness.Implementation;
using Harness.Properties;
using Harness.Properties.Commands;

namespace Harness.Cli.Tests.Fuzz;

/// <summary>
/// Tokens a mutation inserts into a trace: words the parser knows (taken from its own catalogues, so a
/// new item is fuzzed too), printable garbage, control characters, non-ASCII text (look-alike digits,
/// bidi controls, a byte-order mark, a lone surrogate), and tokens around and far past the line limit.
/// </summary>
public static class FuzzTokens
{
    private static readonly string[] ItemWords =
    [
        "harness-trace", "harness-trace 1", "profile", "profile v5.13", "granule", "granule 64k", "ia", "ia 52", "layer",
        "layer host", "layer stage2", "pool", "pool 1", "memory", "memory 0x0 0x1000", "fix", "v5.13", "4k", "16k", "64k",
        "stage2", "host", "r", "rw", "rwx", "rwxd", "d", "xd", "-", "wr", "#", "# bug:", "# bug: ,", "# get_leaf 0x0", "1", "0",
        .. CommandCatalogue.All.Select(k => k.Name),
        .. FixText.All.Select(f => "fix " + f.Name),
        .. Enum.GetNames<Bug>().Select(b => "# bug: " + b),
    ];

    private static readonly string[] Hidden =
    [
        "\0", "\u0001", "\u001b[31m", "\u001b]0;x\u0007", "\r", "\t", "\v", "\f", "\u007f", "\u0085", "\u2028", "\u2029", "\r\n",
    ];

    private static readonly string[] NonAscii =
    [
        "é", "ｍａｐ", "\u202e", "\u200b", "\ufeff", "\ud83d\ude42", "\ud800", "\udfff", "٣", "０x１０００", "𝟗", "Ⅻ", "İ", "ß", "\u0301",
    ];

    private static readonly Gen<string> Garbage =
        from n in Gen.Choose(1, 12)
        from chars in Gen.ArrayOf(Gen.Choose(0x21, 0x7e).Select(c => (char)c), n)
        select new string(chars);

    private static readonly Gen<string> Long =
        from c in Gen.Elements('x', '9', 'f', ' ', '#')
        from n in Gen.Elements(4095, 4096, 4097, 5000, 70_000)
        select new string(c, n);

    public static readonly Gen<string> Any = Gen.Frequency(
        (6, Gen.Elements(ItemWords)),
        (3, Garbage),
        (2, Gen.Elements(Hidden)),
        (2, Gen.Elements(NonAscii)),
        (1, Long));
}
