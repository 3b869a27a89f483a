namespace Harness.Implementation;

/// <summary>Mirrors <c>enum kvm_pgtable_walk_flags</c> (kvm_pgtable.h, v5.13): which visits a walker asks for.</summary>
[Flags]
public enum WalkFlags
{
    None = 0,
    Leaf = 1 << 0,
    TablePre = 1 << 1,
    TablePost = 1 << 2,
}
