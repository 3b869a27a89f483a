using System.Text;
using Microsoft.Win32.SafeHandles;
using Spectre.Console;

namespace Harness.Cli;

/// <summary>How the run's standard output is written: through which stream, and how wide Spectre makes it.</summary>
internal static class Streams
{
    /// <summary>
    /// Spectre's console, made anew on this run's standard output. Not at a terminal (a file, a pipe, a CI
    /// log), Spectre would assume 80 columns and wrap table cells mid-word; there nothing needs wrapping,
    /// so tables are as wide as their content.
    /// </summary>
    public static IAnsiConsole SpectreConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (!console.Profile.Out.IsTerminal)
        {
            console.Profile.Width = UnwrappedWidth;
        }
        return console;
    }

    /// <summary>Wider than any table Harness prints.</summary>
    private const int UnwrappedWidth = 10_000;

    /// <summary>
    /// On Unix, standard output redirected to a pipe or a file, written through a stream on descriptor 1:
    /// .NET's console drops writes to a closed pipe without a word, so <c>harness trace --steps 100000000 | head</c>
    /// would go on generating for nobody; the stream reports the broken pipe, and the run stops with one line.
    /// </summary>
    public static TextWriter? RedirectedStandardOutput()
    {
        if (OperatingSystem.IsWindows() || !Console.IsOutputRedirected)
        {
            return null;
        }
        try
        {
            var stream = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
            return new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Descriptor 1 is closed or not writable: the console's own writer reports that at the first write.
            return null;
        }
    }
}
