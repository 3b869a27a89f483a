using System.Text;
using Harness.Properties.Text;

namespace Harness.Cli.Tests.Fuzz;

/// <summary>
/// A regression trace after some mutations: the file it came from, its text now, the mutations in the
/// order they were applied, and the trace before the last one, so that a failure can be reported with
/// the fewest mutations that still show it.
/// </summary>
public sealed class MutatedTrace
{
    private MutatedTrace(string source, string text, IReadOnlyList<Mutation> mutations, MutatedTrace? before) =>
        (Source, Text, Mutations, Before) = (source, text, mutations, before);

    /// <summary>The regression trace's file name.</summary>
    public string Source { get; }

    public string Text { get; }

    public IReadOnlyList<Mutation> Mutations { get; }

    /// <summary>The trace before the last mutation; null for the unmutated source.</summary>
    public MutatedTrace? Before { get; }

    /// <summary>The lines as the file splits them at LF: the last element is empty when the text ends with LF.</summary>
    public string[] Lines => Text.Split('\n');

    /// <summary>How many lines a reader sees: a last line without LF counts, the empty rest after a final LF does not.</summary>
    public int LineCount => Text.Length == 0 ? 0 : Text.Count(c => c == '\n') + (Text[^1] == '\n' ? 0 : 1);

    public static MutatedTrace Of(string source, string text) => new(source, text, [], null);

    /// <summary>This trace after <paramref name="mutation"/>, which turned its text into <paramref name="text"/>.</summary>
    public MutatedTrace Then(Mutation mutation, string text) => new(Source, text, [.. Mutations, mutation], this);

    /// <summary>This trace after <paramref name="mutation"/>, which turned its lines into <paramref name="lines"/>.</summary>
    public MutatedTrace Then(Mutation mutation, IEnumerable<string> lines) => Then(mutation, string.Join('\n', lines));

    /// <summary>The same source with only the first mutations, fewest first, this trace last.</summary>
    public IEnumerable<MutatedTrace> Prefixes()
    {
        var chain = new Stack<MutatedTrace>();
        for (var t = this; t.Before is not null; t = t.Before)
        {
            chain.Push(t);
        }
        return chain;
    }

    /// <summary>The source, the mutations and the text line by line, escaped, so a failure shows the very input.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder($"{Source}, {Mutations.Count} mutation(s):\n");
        foreach (var m in Mutations)
        {
            sb.Append("  ").Append(Printable.Line(m.ToString(), 200)).Append('\n');
        }
        var lines = Lines;
        for (var i = 0; i < lines.Length; i++)
        {
            sb.Append($"{i + 1,4}| ").Append(Printable.Line(lines[i], 200)).Append('\n');
        }
        return sb.ToString();
    }
}
