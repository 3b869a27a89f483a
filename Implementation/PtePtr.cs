namespace Harness.Implementation;

/// <summary>
/// Where a descriptor lives: the physical address of its table page and its index there. The walker
/// hands visitors this instead of a pointer (the kernel's <c>kvm_pte_t *ptep</c>).
/// </summary>
public readonly record struct PtePtr(ulong TablePa, int Index)
{
    /// <summary>The descriptor's own physical address.</summary>
    public ulong Pa => TablePa + ((ulong)Index << 3);

    public override string ToString() => $"0x{TablePa:x}[{Index}]";
}
