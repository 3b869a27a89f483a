using System.Text;

namespace Harness.Cli;

/// <summary>
/// Standard output or error as the commands write to it: a write that fails (a full disk, a closed pipe)
/// becomes an <see cref="OutputFailedException"/>, which <see cref="Program"/> reports as one line with exit 2,
/// and which no command catches by mistake as a failure to read its own input.
/// </summary>
internal sealed class OutputGuard(TextWriter inner) : TextWriter(inner.FormatProvider)
{
    public override Encoding Encoding => inner.Encoding;

    /// <summary>
    /// The reason: the system's own words for an I/O error ("No space left on device", "Broken pipe"); .NET
    /// reports a descriptor that is closed, or open only for reading, as access denied.
    /// </summary>
    private static OutputFailedException Failed(Exception ex) =>
        new(ex is IOException ? ex.Message : "it is closed or not open for writing", ex);

    public override void Write(char value)
    {
        try
        {
            inner.Write(value);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failed(ex);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        try
        {
            inner.Write(buffer, index, count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failed(ex);
        }
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failed(ex);
        }
    }

    public override void Write(string? value)
    {
        try
        {
            inner.Write(value);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failed(ex);
        }
    }

    public override void WriteLine(string? value)
    {
        try
        {
            inner.WriteLine(value);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failed(ex);
        }
    }

    public override void Flush()
    {
        try
        {
            inner.Flush();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failed(ex);
        }
    }
}

/// <summary>Standard output or error could not be written: the message says why, in a few words.</summary>
internal sealed class OutputFailedException(string why, Exception inner) : Exception(why, inner);
