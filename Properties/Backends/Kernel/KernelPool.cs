namespace Harness.Properties.Backends.Kernel;

/// <summary>
/// One page pool of a kernel instance as the kernel's allocator sees it: <c>pool</c> (stage2 layer),
/// <c>mem</c>, <c>dev</c> and, with donate-maps-hyp, <c>hyp</c> (host layer).
/// </summary>
/// <param name="Name">The pool's name in the ABI.</param>
/// <param name="BasePa">The physical address of its first page.</param>
/// <param name="EndPa">The first byte past the pool.</param>
/// <param name="NrPages">Its size in pages.</param>
/// <param name="UsedPages">Pages of allocated blocks, roots included.</param>
/// <param name="MaxOrder">Free lists exist for orders 0 .. MaxOrder - 1 (v5.13's computation, or v5.17's with pool-max-order).</param>
public sealed record KernelPool(string Name, ulong BasePa, ulong EndPa, ulong NrPages, ulong UsedPages, uint MaxOrder)
{
    public bool Contains(ulong pa) => pa >= BasePa && pa < EndPa;
}
