using System.Text;

namespace Harness.Properties.Trace;

/// <summary>
/// Reads a text stream line by line without ever holding more than one bounded line, nor reading further
/// than one character past it: a 10 MB token, or a file that is one endless line (a sparse file of NULs,
/// <c>/proc/self/pagemap</c>), ends with an error on its line at once, neither with the whole input in
/// memory nor after reading it to its end. LF ends a line; a CR before it is dropped.
/// </summary>
public sealed class BoundedLines(TextReader reader, int maxLength = BoundedLines.DefaultMaxLength)
{
    public const int DefaultMaxLength = 4096;

    private readonly StringBuilder _line = new();

    /// <summary>The 1-based number of the line last read.</summary>
    public int Number { get; private set; }

    /// <summary>
    /// The next line, or null at the end; <paramref name="tooLong"/> when it is longer than the limit: then
    /// only its start is returned and the rest is left unread, so the caller stops there.
    /// </summary>
    public string? Next(out bool tooLong)
    {
        _line.Clear();
        tooLong = false;
        var any = false;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                if (!any)
                {
                    return null;
                }
                break;
            }
            any = true;
            if (c == '\n')
            {
                break;
            }
            if (_line.Length == maxLength)
            {
                tooLong = true;
                break;
            }
            _line.Append((char)c);
        }
        Number++;
        if (_line.Length > 0 && _line[^1] == '\r')
        {
            _line.Length--;
        }
        return _line.ToString();
    }
}
