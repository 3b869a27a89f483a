namespace Harness.Properties.Backends.Kernel;

/// <summary>The outcome of <see cref="KernelBuild.Build"/>: the library's path, or one line saying why there is none.</summary>
public sealed record KernelBuildResult(KernelBuildStatus Status, string? LibraryPath, string? Reason)
{
    public bool IsBuilt => Status == KernelBuildStatus.Built;

    public override string ToString() => IsBuilt ? LibraryPath! : $"{Status}: {Reason}";
}
