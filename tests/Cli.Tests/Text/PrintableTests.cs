using Harness.Properties.Text;

namespace Harness.Cli.Tests.Text;

/// <summary><see cref="Printable"/>: what reaches an error line from outside is one line, visible and short.</summary>
public class PrintableTests
{
    public class Quote
    {
        // Printable text, backslashes and quotes included, is only put in quotes.
        [Theory]
        [InlineData("a.trace", "'a.trace'")]
        [InlineData("", "''")]
        [InlineData(@"C:\dir\it's", @"'C:\dir\it's'")]
        [InlineData("café 日本 😀", "'café 日本 😀'")]
        public void Printable_OnlyQuoted(string token, string expected) => Assert.Equal(expected, Printable.Quote(token));

        // Each character that a terminal would act on, or that would end the line, becomes a visible escape.
        [Theory]
        [InlineData("a\rb", @"'a\rb'")]
        [InlineData("a\nb", @"'a\nb'")]
        [InlineData("a\tb", @"'a\tb'")]
        [InlineData("\0", @"'\x00'")]
        [InlineData("\a\b\v\f", @"'\x07\x08\x0b\x0c'")]
        [InlineData("\x7f", @"'\x7f'")]
        [InlineData("\u0085\u009b", @"'\x85\x9b'")]
        [InlineData("a\u2028b\u2029c", @"'a\u2028b\u2029c'")]
        [InlineData("\u202eabc\u202c", @"'\u202eabc\u202c'")]
        [InlineData("\u2066x\u2069\u200e\u200f\u061c", @"'\u2066x\u2069\u200e\u200f\u061c'")]
        [InlineData("\u200b\u200d\ufeff\u00ad", @"'\u200b\u200d\ufeff\xad'")]
        [InlineData("\U000e0001\U000e0041", @"'\U000e0001\U000e0041'")]
        public void Hidden_Escaped(string token, string expected) => Assert.Equal(expected, Printable.Quote(token));

        // A surrogate out of its pair (attribute data cannot hold one, so it is built here).
        [Fact]
        public void LoneSurrogates_Escaped() => Assert.Equal(@"'\ud800x\udc00'", Printable.Quote(new string(['\ud800', 'x', '\udc00'])));

        // A whole ANSI sequence (colour, cursor movement, title change) is made inert: its ESC is shown, so its parameters show too.
        [Theory]
        [InlineData("\u001b[31mred\u001b[0m", @"'\x1b[31mred\x1b[0m'")]
        [InlineData("\u001b[2J\u001b[H", @"'\x1b[2J\x1b[H'")]
        [InlineData("\u001b]0;title\u0007", @"'\x1b]0;title\x07'")]
        public void AnsiSequence_Inert(string token, string expected) => Assert.Equal(expected, Printable.Quote(token));

        // A 10 MB token: its first 40 characters, then '...' and its length; nothing like its size is copied.
        [Fact]
        public void Long_CutAt40_WithLength()
        {
            var token = new string('a', 10 * 1024 * 1024);
            Assert.Equal($"'{new string('a', 40)}...' (10485760 characters)", Printable.Quote(token));
        }

        [Fact]
        public void Exactly40_NotCut() => Assert.Equal($"'{new string('b', 40)}'", Printable.Quote(new string('b', 40)));

        // The cut keeps a surrogate pair whole (it drops it rather than print half).
        [Fact]
        public void CutInsidePair_DropsThePair() =>
            Assert.Equal("'abc...' (6 characters)", Printable.Quote("abc😀d", max: 4));

        // The limit counts input characters: escapes may make the shown text longer, never the number taken.
        [Fact]
        public void CutCountsInput() =>
            Assert.Equal(@"'\n\n\n...' (10 characters)", Printable.Quote(new string('\n', 10), max: 3));
    }

    public class Line
    {
        // A message with a newline in a file name stays one line, and its backslashes are left alone.
        [Fact]
        public void Newline_Escaped() =>
            Assert.Equal(@"cannot read trace file 'a\nb': no such file", Printable.Line("cannot read trace file 'a\nb': no such file"));

        // Escaping is idempotent on what it produces: a quoted token inside a message is not escaped twice.
        [Fact]
        public void QuotedToken_NotEscapedTwice()
        {
            var message = $"unknown bug {Printable.Quote("\u001b[31mX")}";
            Assert.Equal(@"unknown bug '\x1b[31mX'", Printable.Line(message));
        }

        // A message longer than the limit is cut and says how long it was.
        [Fact]
        public void Long_CutWithLength()
        {
            var message = "line 2: '" + new string('z', 5000) + "' is not a number";
            Assert.Equal("line 2: '" + new string('z', Printable.MaxLine - 9) + "... (5026 characters)", Printable.Line(message));
        }

        [Fact]
        public void Printable_Unchanged() => Assert.Equal("line 3: unmap is missing an argument", Printable.Line("line 3: unmap is missing an argument"));
    }
}
