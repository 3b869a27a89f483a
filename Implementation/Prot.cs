namespace Harness.Implementation;

/// <summary>Mirrors <c>enum kvm_pgtable_prot</c> (kvm_pgtable.h, v5.13): the permissions a caller asks for.</summary>
[Flags]
public enum Prot : ulong
{
    None = 0,
    X = 1 << 0,
    W = 1 << 1,
    R = 1 << 2,
    Device = 1 << 3,
    Rw = R | W,
    Rwx = R | W | X,
}
