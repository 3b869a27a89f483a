namespace Harness.Properties.Backends.Kernel;

/// <summary>
/// How a kernel-backend build ended. The two "missing" outcomes describe the machine, not the code:
/// callers (tests) skip on them and fail on <see cref="Failed"/>.
/// </summary>
public enum KernelBuildStatus
{
    Built,

    /// <summary>No usable kernel tree (see <see cref="KernelTree.MissingReason"/>).</summary>
    TreeMissing,

    /// <summary>gcc or make is not on PATH.</summary>
    ToolsMissing,

    /// <summary>The tree failed its check, or the compiler or linker failed.</summary>
    Failed,
}
