using System.Text;

namespace Harness.Cli.Tests.Fuzz;

/// <summary>
/// A standard output that keeps only its length, its first characters and its last ones: a mutated trace
/// may dump a large table after each of many commands, while the checks need only the start (a checking
/// replay's report) and how it ended (the replay's <c>end</c>).
/// </summary>
public sealed class OutputSample : TextWriter
{
    private const int HeadKept = 16 * 1024;

    private const int TailKept = 256;

    private readonly StringBuilder _head = new();
    private readonly StringBuilder _tail = new();

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Characters written in all.</summary>
    public long Length { get; private set; }

    /// <summary>The first characters written (16 K at most).</summary>
    public string Head => _head.ToString();

    /// <summary>The last characters written (a few hundred at most).</summary>
    public string Tail => _tail.ToString();

    public override void Write(char value) => Write([value]);

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> value)
    {
        Length += value.Length;
        if (_head.Length < HeadKept)
        {
            _head.Append(value[..Math.Min(value.Length, HeadKept - _head.Length)]);
        }
        _tail.Append(value.Length > TailKept ? value[^TailKept..] : value);
        if (_tail.Length > 2 * TailKept)
        {
            _tail.Remove(0, _tail.Length - TailKept);
        }
    }
}
