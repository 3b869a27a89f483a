using System.Security.Cryptography;

namespace Harness.Properties.Backends.Kernel;

/// <summary>
/// Where the kernel's own v5.13 files are. They are an input, like a kernel checkout a user points
/// the tool at, never part of this repository, so the tree is found at run time: an explicit folder,
/// else <see cref="EnvironmentVariable"/>, else <c>../shared/kernel/linux-v5.13</c> beside the
/// repository root (the nearest folder holding <c>Harness.sln</c>).
/// </summary>
public sealed class KernelTree
{
    /// <summary>Names a tree when none is given explicitly.</summary>
    public const string EnvironmentVariable = "HARNESS_KERNEL_TREE";

    /// <summary>The eight files the backend compiles, at their paths in any v5.13 checkout; their order fixes <see cref="ContentKey"/>.</summary>
    public static IReadOnlyList<string> Files { get; } =
    [
        "arch/arm64/include/asm/kvm_pgtable.h",
        "arch/arm64/kvm/hyp/include/nvhe/gfp.h",
        "arch/arm64/kvm/hyp/include/nvhe/mem_protect.h",
        "arch/arm64/kvm/hyp/include/nvhe/memory.h",
        "arch/arm64/kvm/hyp/include/nvhe/mm.h",
        "arch/arm64/kvm/hyp/nvhe/mem_protect.c",
        "arch/arm64/kvm/hyp/nvhe/page_alloc.c",
        "arch/arm64/kvm/hyp/pgtable.c",
    ];

    private KernelTree(string? path, string? missingReason)
    {
        Path = path;
        MissingReason = missingReason;
    }

    /// <summary>The tree's folder, or null when none could be named.</summary>
    public string? Path { get; }

    /// <summary>One line saying why the tree cannot be used, or null when every file is there.</summary>
    public string? MissingReason { get; }

    public bool IsAvailable => MissingReason is null;

    /// <summary>
    /// The tree in <paramref name="folder"/> if given, else in <see cref="EnvironmentVariable"/>, else
    /// beside the repository. Never throws: a tree that is not there says why in <see cref="MissingReason"/>.
    /// </summary>
    public static KernelTree Locate(string? folder = null)
    {
        if (string.IsNullOrEmpty(folder))
        {
            folder = Environment.GetEnvironmentVariable(EnvironmentVariable);
        }
        if (string.IsNullOrEmpty(folder))
        {
            if (FindRepoRoot() is not { } root)
            {
                return new KernelTree(null, $"no kernel tree: {EnvironmentVariable} is unset and no Harness.sln was found above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}");
            }
            folder = System.IO.Path.Combine(root, "..", "shared", "kernel", "linux-v5.13");
        }
        var path = System.IO.Path.GetFullPath(folder);
        if (!Directory.Exists(path))
        {
            return new KernelTree(path, $"no kernel tree at {path} (set {EnvironmentVariable} to a Linux v5.13 checkout)");
        }
        foreach (var f in Files)
        {
            if (!File.Exists(System.IO.Path.Combine(path, f)))
            {
                return new KernelTree(path, $"the kernel tree at {path} lacks {f}");
            }
        }
        return new KernelTree(path, null);
    }

    /// <summary>
    /// The nearest folder holding <c>Harness.sln</c> above the current directory, else above the
    /// application's own folder (a test run starts in its output folder); null when there is none.
    /// </summary>
    public static string? FindRepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Harness.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// The first 16 hex digits of the SHA-256 of the eight files' contents, in <see cref="Files"/>
    /// order: a build folder per tree content, so that a changed tree is rebuilt, never reused.
    /// </summary>
    public string ContentKey()
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException(MissingReason);
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in Files)
        {
            sha.AppendData(File.ReadAllBytes(System.IO.Path.Combine(Path!, f)));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}
