namespace Harness.Cli;

/// <summary>
/// A trace file as the commands read it: a read that fails after the file opened (an I/O error, a
/// <c>/proc</c> file that refuses to be read) becomes an <see cref="InputFailedException"/>, which
/// <see cref="Program"/> reports as <c>error: cannot read trace file ...</c> with exit 2, not as an
/// internal error.
/// </summary>
internal sealed class InputGuard(TextReader inner, string path) : TextReader
{
    /// <summary>The system's own words for an I/O error, without the path .NET appends (the report quotes it already).</summary>
    public static string Why(IOException ex, string path)
    {
        var suffix = $" : '{path}'";
        return ex.Message.EndsWith(suffix, StringComparison.Ordinal) ? ex.Message[..^suffix.Length] : ex.Message;
    }

    private InputFailedException Failed(Exception ex) =>
        new(path, ex is IOException io ? Why(io, path) : "permission denied", ex);

    public override int Peek()
    {
        try
        {
            return inner.Peek();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failed(ex);
        }
    }

    public override int Read()
    {
        try
        {
            return inner.Read();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failed(ex);
        }
    }

    public override int Read(char[] buffer, int index, int count)
    {
        try
        {
            return inner.Read(buffer, index, count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failed(ex);
        }
    }

    public override int Read(Span<char> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failed(ex);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>A trace file opened but could not be read: which file, and why in a few words.</summary>
internal sealed class InputFailedException(string path, string why, Exception inner) : Exception(why, inner)
{
    public string Path { get; } = path;
}
