using Harness.Properties.Trace;

namespace Harness.Properties.Tests.Trace;

public class BoundedLinesTests
{
    // A line past the limit is reported after one character more than the limit, the rest left unread.
    [Fact]
    public void EndlessLine_StopsOnePastTheLimit()
    {
        var reader = new EndlessReader();
        var lines = new BoundedLines(reader, maxLength: 8);
        Assert.Equal("xxxxxxxx", lines.Next(out var tooLong));
        Assert.True(tooLong);
        Assert.Equal((1, 9L), (lines.Number, reader.CharactersRead));
    }

    // A line of exactly the limit is not too long, and the next line is read after it.
    [Fact]
    public void LineAtTheLimit_IsWhole()
    {
        var lines = new BoundedLines(new StringReader("12345678\nab"), maxLength: 8);
        Assert.Equal(("12345678", false), (lines.Next(out var first), first));
        Assert.Equal(("ab", false), (lines.Next(out var second), second));
        Assert.Null(lines.Next(out _));
    }

    /// <summary>A text of 'x' with no end and no newline, counting the characters read.</summary>
    private sealed class EndlessReader : TextReader
    {
        public long CharactersRead { get; private set; }

        public override int Read()
        {
            CharactersRead++;
            return 'x';
        }
    }
}
