using System.Runtime.InteropServices;
using System.Text;

namespace Harness.Cli;

/// <summary>
/// Opens a text file named on the command line for reading, or says in a few plain words why it cannot:
/// no such file, a directory, permission denied, or a named pipe or a device (refused before opening,
/// since reading one would block or never end, and a trace is read twice: once to check it, once to run it).
/// </summary>
internal static class InputFile
{
    /// <summary>
    /// A reader over <paramref name="path"/> (UTF-8, or as its byte-order mark says), or null and
    /// <paramref name="why"/>; a read that fails later throws <see cref="InputFailedException"/>.
    /// </summary>
    public static TextReader? Open(string path, out string? why)
    {
        why = Refusal(path);
        if (why is not null)
        {
            return null;
        }
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024);
            return new InputGuard(new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true), path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            why = "no such file";
        }
        catch (UnauthorizedAccessException)
        {
            why = "permission denied";
        }
        catch (IOException ex)
        {
            why = InputGuard.Why(ex, path);
        }
        return null;
    }

    /// <summary>Why <paramref name="path"/> is not even opened, or null.</summary>
    private static string? Refusal(string path)
    {
        if (path.Length == 0)
        {
            return "the file name is empty";
        }
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return "a file name cannot contain a NUL character";
        }
        if (Directory.Exists(path))
        {
            return "it is a directory";
        }
        return FileTypeOf(path) switch
        {
            SIfIfo => "it is a named pipe (FIFO), not a regular file",
            SIfChr => "it is a character device, not a regular file",
            SIfBlk => "it is a block device, not a regular file",
            SIfSock => "it is a socket, not a regular file",
            _ => null,
        };
    }

    private const int SIfMt = 0xf000;
    private const int SIfIfo = 0x1000;
    private const int SIfChr = 0x2000;
    private const int SIfBlk = 0x6000;
    private const int SIfSock = 0xc000;

    /// <summary>
    /// The <c>S_IFMT</c> bits of what <paramref name="path"/> names (links followed), or 0 when unknown (no
    /// such file, or not Linux). .NET 10 has no public way to ask; <c>statx</c> is used because its
    /// buffer has the same layout on every architecture (<c>stx_mode</c> at byte 28).
    /// </summary>
    private static int FileTypeOf(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }
        var buffer = new byte[256];
        try
        {
            return Statx(AtFdCwd, path, 0, StatxType, buffer) == 0 ? BitConverter.ToUInt16(buffer, 28) & SIfMt : 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;

    [DllImport("libc", EntryPoint = "statx")]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
