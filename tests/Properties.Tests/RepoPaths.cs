using System.Runtime.CompilerServices;
using Harness.Properties.Trace;

namespace Harness.Properties.Tests;

/// <summary>Folders of the repository the tests were built from, found from this file's source path.</summary>
public static class RepoPaths
{
    public static string Root => Path.GetFullPath(Path.Combine(SourceFolder(), "..", ".."));

    /// <summary>The regression corpus: hand-written traces and the shrunk counterexample of every seeded bug.</summary>
    public static string Regressions => Path.Combine(Root, "tests", "regressions");

    /// <summary>
    /// The shrunk counterexamples of the kernel's own defects, each naming the backend it fails on
    /// (<c># fails on:</c>); kept apart, so the corpus above stays one that every backend passes.
    /// </summary>
    public static string KernelRegressions => Path.Combine(Regressions, "kernel");

    /// <summary>
    /// The saved failures of earlier runs, shared with the CLI (git-ignored); none when
    /// <c>HARNESS_FAILURES=off</c>. Mutation run B sets it: each mutant is judged by the suite alone, not
    /// by a trace an earlier mutant's counterexample left behind, and the folder stays clean.
    /// </summary>
    public static FailureStore? Failures => FailuresOf(Properties.Backends.BackendChoice.Port);

    /// <summary>The saved failures of <paramref name="backend"/>, in the CLI's folder for it.</summary>
    public static FailureStore? FailuresOf(Properties.Backends.BackendChoice backend) =>
        Environment.GetEnvironmentVariable("HARNESS_FAILURES") == "off" ? null : new(Path.Combine(Root, FailureStore.For(backend).Folder));

    private static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
