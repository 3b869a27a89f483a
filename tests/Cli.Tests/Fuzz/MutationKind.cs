namespace Harness.Cli.Tests.Fuzz;

/// <summary>The ways issue 12 asks a regression trace to be damaged, one mutation at a time.</summary>
public enum MutationKind
{
    /// <summary>One line removed (the last, empty one too: the file then ends without LF).</summary>
    DeleteLine,

    /// <summary>One line written twice in a row: repeated items, repeated commands.</summary>
    DuplicateLine,

    /// <summary>Two lines exchanged: the version line or configuration among the commands.</summary>
    SwapLines,

    /// <summary>One number replaced: bits flipped, 0, 2^64-1, past 64 bits, negative, a huge decimal.</summary>
    FlipNumber,

    /// <summary>A token inserted: an item name, garbage, control or non-ASCII characters, a very long token.</summary>
    InsertToken,

    /// <summary>One line cut short, the lines after it kept.</summary>
    CutLine,

    /// <summary>The file cut at some character, mostly in the middle of a line, with nothing after it.</summary>
    TruncateFile,
}
