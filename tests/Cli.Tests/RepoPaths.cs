using System.Runtime.CompilerServices;

namespace Harness.Cli.Tests;

/// <summary>The repository the tests were built from, found from this file's source path.</summary>
public static class RepoPaths
{
    public static string Root => Path.GetFullPath(Path.Combine(SourceFolder(), "..", ".."));

    private static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
