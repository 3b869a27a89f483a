namespace Harness.Properties.Trace;

/// <summary>A trace file read from disk: its path and either the parsed trace or why it could not be read.</summary>
public sealed record SavedTrace(string Path, TraceFile? Trace, string? Error)
{
    /// <summary>Reads and parses <paramref name="path"/>; an unreadable or malformed file gives <see cref="Error"/>.</summary>
    public static SavedTrace Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new SavedTrace(path, null, ex.Message);
        }
        var trace = TraceParser.Parse(text, out var error);
        return new SavedTrace(path, trace, error?.ToString());
    }

    /// <summary>Every <c>*.trace</c> in <paramref name="folder"/> (none if it does not exist), in name order.</summary>
    public static IReadOnlyList<SavedTrace> LoadAll(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, "*.trace").Order(StringComparer.Ordinal).Select(Load)]
            : [];
}
