using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;

namespace Harness.Cli.Tests.Fuzz;

/// <summary>
/// The mutation generator: a trace of the corpus with one to several mutations of <see cref="MutationKind"/>,
/// each drawn against the text the previous ones left. Deterministic: the same seed gives the same traces.
/// </summary>
public static partial class TraceMutations
{
    /// <summary>A trace of <paramref name="corpus"/> (name, text) after one mutation, or a mix of several.</summary>
    public static Gen<MutatedTrace> From(IReadOnlyList<(string Name, string Text)> corpus) =>
        from source in Gen.Elements<(string Name, string Text)>(corpus)
        from count in Gen.Frequency((5, Gen.Constant(1)), (3, Gen.Choose(2, 3)), (1, Gen.Choose(4, 8)))
        from mutated in Apply(MutatedTrace.Of(source.Name, source.Text), count)
        select mutated;

    private static Gen<MutatedTrace> Apply(MutatedTrace t, int count) =>
        count == 0 ? Gen.Constant(t) : One(t).SelectMany(next => Apply(next, count - 1));

    /// <summary><paramref name="t"/> after one more mutation; numbers are the likeliest target, since most checks are about values.</summary>
    public static Gen<MutatedTrace> One(MutatedTrace t) => Gen.Frequency(
        (2, DeleteLine(t)),
        (2, DuplicateLine(t)),
        (2, SwapLines(t)),
        (6, FlipNumber(t)),
        (4, InsertToken(t)),
        (1, CutLine(t)),
        (1, TruncateFile(t)));

    private static Gen<int> LineIndex(MutatedTrace t) => Gen.Choose(0, t.Lines.Length - 1);

    private static Gen<MutatedTrace> DeleteLine(MutatedTrace t) =>
        from i in LineIndex(t)
        select t.Then(new(MutationKind.DeleteLine, $"line {i + 1}"), t.Lines.Where((_, j) => j != i));

    private static Gen<MutatedTrace> DuplicateLine(MutatedTrace t) =>
        from i in LineIndex(t)
        select t.Then(new(MutationKind.DuplicateLine, $"line {i + 1}"), t.Lines.SelectMany((l, j) => j == i ? [l, l] : new[] { l }));

    private static Gen<MutatedTrace> SwapLines(MutatedTrace t) =>
        from i in LineIndex(t)
        from j in LineIndex(t)
        select t.Then(new(MutationKind.SwapLines, $"lines {i + 1} and {j + 1}"), Swapped(t.Lines, i, j));

    private static string[] Swapped(string[] lines, int i, int j)
    {
        (lines[i], lines[j]) = (lines[j], lines[i]);
        return lines;
    }

    /// <summary>
    /// A number outside comments replaced (the version's <c>1</c>, configuration values, arguments); one in
    /// three times one of a configuration item, since a few configuration numbers decide how large a world
    /// gets (<c>pool</c>, <c>memory</c>, <c>ia</c>). With no number, a token is inserted instead.
    /// </summary>
    private static Gen<MutatedTrace> FlipNumber(MutatedTrace t)
    {
        var numbers = Numbers(t.Lines);
        if (numbers.Count == 0)
        {
            return InsertToken(t);
        }
        var configuration = numbers.Where(n => n.InConfiguration).ToList();
        var target = configuration.Count == 0
            ? Gen.Elements<NumberAt>(numbers)
            : Gen.Frequency((2, Gen.Elements<NumberAt>(numbers)), (1, Gen.Elements<NumberAt>(configuration)));
        return from n in target
               from replacement in NumberFlips.For(n.Token)
               select t.Then(
                   new(MutationKind.FlipNumber, $"line {n.Line + 1}: {n.Token} -> {replacement}"),
                   t.Lines.Select((l, j) => j == n.Line ? string.Concat(l.AsSpan(0, n.At), replacement, l.AsSpan(n.At + n.Token.Length)) : l));
    }

    private sealed record NumberAt(int Line, int At, string Token, bool InConfiguration);

    private static readonly string[] ConfigurationItems = ["profile", "granule", "ia", "layer", "pool", "memory", "fix"];

    private static List<NumberAt> Numbers(string[] lines)
    {
        var found = new List<NumberAt>();
        for (var i = 0; i < lines.Length; i++)
        {
            var hash = lines[i].IndexOf('#');
            var items = hash >= 0 ? lines[i][..hash] : lines[i];
            var configuration = ConfigurationItems.Contains(items.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault());
            found.AddRange(NumberToken().Matches(items).Select(m => new NumberAt(i, m.Index, m.Value, configuration)));
        }
        return found;
    }

    [GeneratedRegex(@"(?<=^|\s)(0x[0-9a-fA-F]+|[0-9]+)(?=\s|$)")]
    private static partial Regex NumberToken();

    /// <summary>A token put into a line at a random character (between fields or glued to one), or as a line of its own.</summary>
    private static Gen<MutatedTrace> InsertToken(MutatedTrace t) =>
        from token in FuzzTokens.Any
        from i in LineIndex(t)
        from at in Gen.Choose(0, t.Lines[i].Length)
        from spaced in Gen.Elements(true, false)
        from ownLine in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        let inserted = spaced ? $" {token} " : token
        select ownLine
            ? t.Then(new(MutationKind.InsertToken, $"line {i + 1}, as a line: {token}"), t.Lines.SelectMany((l, j) => j == i ? [token, l] : new[] { l }))
            : t.Then(new(MutationKind.InsertToken, $"line {i + 1}, column {at + 1}: {inserted}"), t.Lines.Select((l, j) => j == i ? l.Insert(at, inserted) : l));

    private static Gen<MutatedTrace> CutLine(MutatedTrace t) =>
        from i in LineIndex(t)
        from at in Gen.Choose(0, Math.Max(0, t.Lines[i].Length - 1))
        select t.Then(new(MutationKind.CutLine, $"line {i + 1} after {at} characters"), t.Lines.Select((l, j) => j == i ? l[..Math.Min(at, l.Length)] : l));

    private static Gen<MutatedTrace> TruncateFile(MutatedTrace t) =>
        from at in Gen.Choose(0, Math.Max(0, t.Text.Length - 1))
        select t.Then(new(MutationKind.TruncateFile, $"after {at} characters, line {t.Text[..at].Count(c => c == '\n') + 1}"), t.Text[..at]);
}
