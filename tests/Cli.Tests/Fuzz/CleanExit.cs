using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Harness.Properties.Text;

namespace Harness.Cli.Tests.Fuzz;

/// <summary>
/// The fuzz property for one replay (issue 12): it finishes within the budget; it exits with a status its
/// mode allows (70, an internal error, is always a bug); it prints no stack trace; on exit 2 it prints
/// nothing on standard output and exactly one clean line <c>error: line N: WHY</c> on standard error, N a
/// line of the file (or <c>error: cannot read trace file ...</c>); otherwise nothing on standard error,
/// and a replay that ran prints its final <c>end</c>; a checking replay never reports an exception as its broken claim.
/// </summary>
public static partial class CleanExit
{
    public static FuzzFailure? Check(MutatedTrace trace, ReplayMode mode, ReplayOutcome o)
    {
        if (o.TimedOut)
        {
            return new("hang", $"did not finish within {FuzzReplay.Budget.TotalSeconds} s");
        }
        var err = Printable.Line(o.Err);
        if (!mode.Exits.Contains(o.Exit!.Value))
        {
            return new($"exit {o.Exit}", err);
        }
        if (o.Err.Contains("   at ", StringComparison.Ordinal))
        {
            return new("stack trace", err);
        }
        if (o.Exit != 2)
        {
            if (o.Err.Length > 0)
            {
                return new($"standard error on exit {o.Exit}", err);
            }
            // A checking replay reports an exception from the backend as the broken claim "no exception" (exit 1): a crash all the same.
            if (o.Exit == 1 && CheckVerdict.Of(o.Out.Head) is { Claim: "no exception" } crash)
            {
                return new("exception in a checking replay", Printable.Line(crash.Broken!));
            }
            return mode != ReplayMode.Check && !o.Out.Tail.EndsWith("end\n", StringComparison.Ordinal)
                ? new("replay output without its end line", Printable.Line(o.Out.Tail))
                : null;
        }
        if (o.Out.Length > 0)
        {
            return new("standard output on exit 2", $"{err} after {o.Out.Length} characters of output");
        }
        if (!o.Err.EndsWith('\n') || o.Err.IndexOf('\n') != o.Err.Length - 1 || HasHidden(o.Err[..^1]))
        {
            return new("not one clean error line", err);
        }
        if (o.Err.StartsWith("error: cannot read trace file ", StringComparison.Ordinal))
        {
            return null;
        }
        if (ErrorLine().Match(o.Err) is not { Success: true } m)
        {
            return new("error without a line number", err);
        }
        var line = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var last = Math.Max(1, trace.LineCount);
        return line >= 1 && line <= last ? null : new("error on a line the file does not have", $"{err} (the file has {last} lines)");
    }

    /// <summary>
    /// Whether <paramref name="line"/> holds a character a terminal would act on or hide (a control, a format
    /// character, a line or paragraph separator, a lone surrogate); a valid pair (an emoji) is printable.
    /// </summary>
    private static bool HasHidden(string line)
    {
        for (var i = 0; i < line.Length;)
        {
            if (Rune.DecodeFromUtf16(line.AsSpan(i), out var rune, out var used) != OperationStatus.Done ||
                Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return true;
            }
            i += used;
        }
        return false;
    }

    [GeneratedRegex(@"^error: line ([0-9]+): \S")]
    private static partial Regex ErrorLine();
}
