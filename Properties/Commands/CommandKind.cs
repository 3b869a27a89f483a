using Harness.Model;
using Harness.Properties.Generators;

namespace Harness.Properties.Commands;

/// <summary>
/// Everything about one kind of command in one place: its trace name, the layer it belongs to, its
/// arguments, how it is parsed, shrunk and generated, and what is left to retry after it failed with
/// -ENOMEM. <see cref="CommandCatalogue"/> registers them; nothing else switches on command names.
/// </summary>
public sealed class CommandKind
{
    public required string Name { get; init; }

    /// <summary>The layer whose API the command drives; null when it belongs to both (<c>fail_alloc</c>).</summary>
    public required Layer? Layer { get; init; }

    /// <summary>The argument names, as the trace format lists them (e.g. <c>ADDR SIZE PHYS PROT</c>).</summary>
    public required string Usage { get; init; }

    public int Arity => Usage.Length == 0 ? 0 : Usage.Split(' ').Length;

    /// <summary>How often the generators draw it relative to the other kinds of its layer.</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Whether traces carry it only as a comment (harness-only commands the format does not have).</summary>
    public bool CommentOnly { get; init; }

    /// <summary>Builds the command from its argument fields; null with a one-line reason when one is malformed.</summary>
    public required Func<string[], (Command? Command, string? Error)> Parse { get; init; }

    /// <summary>Simpler versions of a command of this kind, simplest first.</summary>
    public required Func<Command, ulong, IEnumerable<Command>> Shrink { get; init; }

    /// <summary>The command's generator for a configuration; null when this kind is never generated.</summary>
    public required Func<GenContext, CommandDraw?> Generator { get; init; }

    /// <summary>
    /// What to retry after the command failed with -ENOMEM having changed the pages before
    /// <c>firstNotDone</c> (null: nothing left); null when the kind never allocates.
    /// </summary>
    public Func<Command, Expectation, ulong?, Command?>? Remainder { get; init; }

    public override string ToString() => Name;
}
