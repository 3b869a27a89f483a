using System.Text;

namespace Harness.Cli.Tests;

/// <summary>
/// Runs the command line in this process with standard output and error replaced (Console.SetOut), for
/// what a child process cannot easily show: a disk that fills up, a reader that stops after N lines.
/// Console is global, so every test class that uses this joins <see cref="ConsoleCollection"/>, which runs alone.
/// </summary>
public static class InProcess
{
    public static (int Exit, string Out, string Err) Run(params string[] args) => Run(null, null, args);

    /// <summary>Runs <paramref name="args"/>; the writers given replace the captured ones (their text is then not returned).</summary>
    public static (int Exit, string Out, string Err) Run(TextWriter? stdout, TextWriter? stderr, params string[] args)
    {
        var (savedOut, savedErr) = (Console.Out, Console.Error);
        var (output, err) = (new StringWriter { NewLine = "\n" }, new StringWriter { NewLine = "\n" });
        Console.SetOut(stdout ?? output);
        Console.SetError(stderr ?? err);
        try
        {
            return (Program.Run(args), output.ToString(), err.ToString());
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedErr);
        }
    }
}

/// <summary>The tests that replace the process's Console: they run one at a time, after the others.</summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>
/// A standard output that takes <paramref name="lines"/> whole lines and then fails every write with
/// <paramref name="failure"/>, as a full disk or a closed pipe does.
/// </summary>
public sealed class FailingWriter(int lines, Func<Exception> failure) : TextWriter
{
    public FailingWriter(int lines = 0)
        : this(lines, () => new IOException("No space left on device"))
    {
    }

    private int _lines;

    /// <summary>What was written before the failure.</summary>
    public StringBuilder Written { get; } = new();

    /// <summary>How many writes were refused.</summary>
    public int Refused { get; private set; }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (_lines >= lines)
        {
            Refused++;
            throw failure();
        }
        Written.Append(value);
        _lines += value == '\n' ? 1 : 0;
    }
}
