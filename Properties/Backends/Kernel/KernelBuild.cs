using System.Collections.Concurrent;
using System.Diagnostics;
using Harness.Implementation;

namespace Harness.Properties.Backends.Kernel;

/// <summary>
/// Builds the kernel backend's library for one granule and profile by running <c>make</c> in the
/// repository's <c>native/</c> folder. The output folder is keyed by the tree's contents
/// (<see cref="KernelTree.ContentKey"/>), so a changed tree gets a fresh build; make itself
/// rebuilds when <c>native/</c> changes. Builds are serialised by an exclusive lock file because
/// two test processes may build at once.
/// </summary>
public static class KernelBuild
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    private static readonly ConcurrentDictionary<string, KernelBuildResult> Built = new();
    private static readonly Lock Gate = new();

    /// <summary>The file name make gives a library: <c>libharness-kernel-4k.so</c>, <c>libharness-kernel-4k-stock.so</c>.</summary>
    public static string LibraryName(Granule granule, bool stock) =>
        $"libharness-kernel-{GranuleText.Format(granule)}{(stock ? "-stock" : "")}.so";

    /// <summary>
    /// The library of <paramref name="granule"/>, profile or <paramref name="stock"/>, built from
    /// <paramref name="tree"/> (once per process; make decides whether anything is out of date).
    /// Never throws for a missing tool, tree or compiler error: the result says why in one line.
    /// </summary>
    public static KernelBuildResult Build(KernelTree tree, Granule granule, bool stock)
    {
        if (!tree.IsAvailable)
        {
            return new(KernelBuildStatus.TreeMissing, null, tree.MissingReason);
        }
        foreach (var tool in new[] { "make", "gcc" })
        {
            if (!IsOnPath(tool))
            {
                return new(KernelBuildStatus.ToolsMissing, null, $"{tool} is not on PATH: the kernel backend compiles the kernel's files with gcc and make");
            }
        }
        if (KernelTree.FindRepoRoot() is not { } root || !File.Exists(Path.Combine(root, "native", "Makefile")))
        {
            return new(KernelBuildStatus.Failed, null, "no native/Makefile: run from inside the Harness repository");
        }
        var native = Path.Combine(root, "native");
        var outDir = Path.Combine(native, "build", tree.ContentKey());
        var library = Path.Combine(outDir, LibraryName(granule, stock));
        if (Built.TryGetValue(library, out var done))
        {
            return done;
        }
        lock (Gate)
        {
            if (Built.TryGetValue(library, out done))
            {
                return done;
            }
            Directory.CreateDirectory(Path.Combine(native, "build"));
            using var fileLock = AcquireLock(Path.Combine(native, "build", ".lock"));
            var result = RunMake(native, tree.Path!, granule, stock, outDir, library);
            if (result.IsBuilt)
            {
                Built[library] = result;
            }
            return result;
        }
    }

    private static KernelBuildResult RunMake(string native, string tree, Granule granule, bool stock, string outDir, string library)
    {
        var psi = new ProcessStartInfo("make")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--no-print-directory", "-C", native, $"TREE={tree}", $"GRANULE={GranuleText.Format(granule)}", $"STOCK={(stock ? 1 : 0)}", $"OUT={outDir}" })
        {
            psi.ArgumentList.Add(arg);
        }
        using var make = Process.Start(psi)!;
        var stdout = make.StandardOutput.ReadToEndAsync();
        var stderr = make.StandardError.ReadToEndAsync();
        if (!make.WaitForExit(Timeout))
        {
            make.Kill(entireProcessTree: true);
            return new(KernelBuildStatus.Failed, null, $"make did not finish in {Timeout.TotalMinutes} minutes");
        }
        var output = stderr.Result + "\n" + stdout.Result;
        if (make.ExitCode != 0)
        {
            return new(KernelBuildStatus.Failed, null, FirstReason(output));
        }
        return File.Exists(library)
            ? new(KernelBuildStatus.Built, library, null)
            : new(KernelBuildStatus.Failed, null, $"make succeeded but {library} is missing");
    }

    /// <summary>The line that says why make failed: ours ("harness: ..."), else the compiler's first error, else the last line.</summary>
    internal static string FirstReason(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var ours = lines.FirstOrDefault(l => l.Contains("harness: ", StringComparison.Ordinal) && !l.Contains("harness: note:", StringComparison.Ordinal));
        if (ours is not null)
        {
            // make's $(error) wraps it as "Makefile:N: *** harness: ....  Stop."
            var start = ours.IndexOf("harness: ", StringComparison.Ordinal);
            return ours[start..].Replace(".  Stop.", "", StringComparison.Ordinal).Trim();
        }
        return lines.FirstOrDefault(l => l.Contains("error:", StringComparison.Ordinal))
            ?? lines.LastOrDefault()
            ?? "make failed without saying why";
    }

    private static bool IsOnPath(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Opens <paramref name="path"/> exclusively (an flock on Unix), waiting while another process builds.</summary>
    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }
}
