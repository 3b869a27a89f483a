using System.Globalization;

namespace Harness.Properties.Trace;

/// <summary>The trace format's numbers: decimal, or <c>0x</c> and hexadecimal digits; unsigned 64-bit.</summary>
public static class TraceNumbers
{
    public static bool TryParse(string text, out ulong value)
    {
        // Only digits (and the 0x prefix): .NET's parser would otherwise let trailing NULs through.
        if (text.AsSpan().ContainsAnyExcept("0123456789abcdefABCDEFx"))
        {
            value = 0;
            return false;
        }
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            value = 0;
            return text.Length > 2 && text.Length <= 18 && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
        value = 0;
        return text.Length <= 20 && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses every field of <paramref name="fields"/> as a number; the first that is not, with a one-line reason.</summary>
    public static (ulong[]? Values, string? Error) ParseAll(IReadOnlyList<string> fields)
    {
        var values = new ulong[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            if (!TryParse(fields[i], out values[i]))
            {
                return (null, NotANumber(fields[i]));
            }
        }
        return (values, null);
    }

    public static string NotANumber(string text) => $"{Text.Printable.Quote(text)} is not a number: use decimal or 0x hexadecimal, unsigned 64-bit";
}
