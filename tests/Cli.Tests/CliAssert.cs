using System.Globalization;

namespace Harness.Cli.Tests;

/// <summary>Assertions on what the command line printed.</summary>
public static class CliAssert
{
    /// <summary>
    /// <paramref name="err"/> is one line, <c>error: ...</c> and a newline, with no character a terminal
    /// would act on: no control (C0, C1, DEL), no line or paragraph separator, no format character.
    /// </summary>
    public static void OneCleanErrorLine(string err)
    {
        Assert.StartsWith("error: ", err);
        Assert.EndsWith("\n", err);
        var line = err[..^1];
        var hidden = line.Where(c => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate).ToList();
        Assert.True(hidden.Count == 0, $"hidden characters {string.Join(" ", hidden.Select(c => $"U+{(int)c:X4}"))} in: {line}");
    }
}
