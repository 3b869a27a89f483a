namespace Harness.Properties.Backends;

/// <summary>
/// Which backend a world is built on, and for the kernel backend which tree and which build: the
/// profile build (the three fixes of <c>profile v5.13</c>) or <paramref name="Stock"/> (the tree as it is).
/// <paramref name="Slot"/> picks a private copy of the kernel library, so parallel jobs never share its statics.
/// </summary>
public sealed record BackendChoice(BackendKind Kind, string? KernelTree = null, bool Stock = false, int Slot = 0)
{
    public static BackendChoice Port { get; } = new(BackendKind.Port);

    public static BackendChoice Kernel { get; } = new(BackendKind.Kernel);

    public override string ToString() => Kind == BackendKind.Port ? "port" : Stock ? "kernel (stock)" : "kernel";
}
