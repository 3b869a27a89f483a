using Harness.Properties.Text;

namespace Harness.Properties.Trace;

/// <summary>A trace file read from disk: its path and either the parsed trace or why it could not be read.</summary>
public sealed record SavedTrace(string Path, TraceFile? Trace, string? Error)
{
    /// <summary>Saved traces are small; a larger file is not one of ours.</summary>
    private const long MaxBytes = 16 << 20;

    /// <summary>Reads and parses <paramref name="path"/>; an unreadable or malformed file gives <see cref="Error"/>.</summary>
    public static SavedTrace Load(string path)
    {
        string text;
        try
        {
            if (new FileInfo(path).Length > MaxBytes)
            {
                return new SavedTrace(path, null, $"larger than {MaxBytes >> 20} MiB");
            }
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new SavedTrace(path, null, Printable.Line(ex.Message));
        }
        var trace = TraceParser.Parse(text, out var error);
        return new SavedTrace(path, trace, error?.ToString());
    }

    /// <summary>Every <c>*.trace</c> in <paramref name="folder"/> (none if it does not exist or is no folder), in name order.</summary>
    public static IReadOnlyList<SavedTrace> LoadAll(string folder)
    {
        try
        {
            return Directory.Exists(folder)
                ? [.. Directory.GetFiles(folder, "*.trace").Order(StringComparer.Ordinal).Select(Load)]
                : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
