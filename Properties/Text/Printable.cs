using System.Globalization;
using System.Text;

namespace Harness.Properties.Text;

/// <summary>
/// Makes text that came from outside (a command-line token, a file name, a line of a trace) safe to print
/// on one line of a terminal or a log: every character that moves the cursor, starts a terminal escape
/// sequence, breaks the line or reorders what follows is shown as a visible escape, and a long token is
/// cut, so that an error line stays one readable line whatever the input.
/// </summary>
/// <remarks>
/// Escaped: C0 and C1 controls and DEL (<c>\r</c>, <c>\n</c>, <c>\t</c>, otherwise <c>\x1b</c>: an ANSI
/// sequence such as <c>ESC [31m</c> is shown as <c>\x1b[31m</c>, inert), the line and paragraph
/// separators U+2028 and U+2029, format characters (bidi overrides and isolates, zero-width characters,
/// the byte-order mark, tag characters) and lone surrogates, as <c>\u2028</c> or <c>\U000e0001</c>.
/// Backslashes are left as they are, so that escaping printable text changes nothing.
/// </remarks>
public static class Printable
{
    /// <summary>How much of an error line <see cref="Line"/> keeps: longer lines are cut.</summary>
    public const int MaxLine = 1000;

    /// <summary>
    /// <paramref name="token"/> in single quotes, escaped; past <paramref name="max"/> characters only
    /// its start is shown, then <c>...</c> and its length: <c>'aaaa...' (10485760 characters)</c>.
    /// </summary>
    public static string Quote(string token, int max = 40)
    {
        var sb = new StringBuilder(Math.Min(token.Length, max) + 32).Append('\'');
        var end = CutAt(token, max);
        Append(sb, token.AsSpan(0, end));
        if (end < token.Length)
        {
            sb.Append("...' (").Append(token.Length.ToString(CultureInfo.InvariantCulture)).Append(" characters)");
        }
        else
        {
            sb.Append('\'');
        }
        return sb.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> escaped into one line; past <paramref name="max"/> characters of input the
    /// rest is dropped and the line ends with <c>... (N characters)</c>, the length of the whole text.
    /// </summary>
    public static string Line(string text, int max = MaxLine)
    {
        var end = CutAt(text, max);
        var sb = new StringBuilder(end + 32);
        Append(sb, text.AsSpan(0, end));
        if (end < text.Length)
        {
            sb.Append("... (").Append(text.Length.ToString(CultureInfo.InvariantCulture)).Append(" characters)");
        }
        return sb.ToString();
    }

    /// <summary>Where to cut <paramref name="text"/> to at most <paramref name="max"/> characters without splitting a surrogate pair.</summary>
    private static int CutAt(string text, int max)
    {
        if (text.Length <= max)
        {
            return text.Length;
        }
        var end = Math.Max(max, 0);
        return end > 0 && char.IsHighSurrogate(text[end - 1]) ? end - 1 : end;
    }

    private static void Append(StringBuilder sb, ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var rune = new Rune(c, text[i + 1]);
                if (IsHidden(Rune.GetUnicodeCategory(rune)))
                {
                    sb.Append("\\U").Append(rune.Value.ToString("x8", CultureInfo.InvariantCulture));
                }
                else
                {
                    sb.Append(c).Append(text[i + 1]);
                }
                i++;
                continue;
            }
            switch (c)
            {
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    if (IsHidden(char.GetUnicodeCategory(c)))
                    {
                        sb.Append(c < 0x100 ? "\\x" : "\\u").Append(((int)c).ToString(c < 0x100 ? "x2" : "x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
    }

    /// <summary>
    /// Controls (C0, C1, DEL), format characters (bidi controls, zero-width characters, BOM, tags), the
    /// line and paragraph separators, and surrogates not in a pair.
    /// </summary>
    private static bool IsHidden(UnicodeCategory category) => category is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or
        UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate;
}
