namespace Harness.Implementation;

/// <summary>
/// Mirrors <c>kvm_pgtable_visitor_fn_t</c> with its <c>struct kvm_pgtable_walker</c> (kvm_pgtable.h, v5.13).
/// Implementations are structs passed by <c>ref</c> as a generic argument, so the JIT specialises the
/// walk per visitor with no delegate, closure or boxing.
/// </summary>
public interface IKvmPgtableVisitor
{
    /// <summary>The visits this walker wants.</summary>
    WalkFlags Flags { get; }

    /// <summary>
    /// One visit of the descriptor at <paramref name="ptep"/>, at <paramref name="level"/>, for walk position
    /// <paramref name="addr"/> (possibly inside the entry's range) of a walk ending at <paramref name="end"/>.
    /// A non-zero result ends the walk and is returned by it.
    /// </summary>
    Errno Visit(KvmPgtable pgt, ulong addr, ulong end, int level, PtePtr ptep, WalkFlags flag);
}
