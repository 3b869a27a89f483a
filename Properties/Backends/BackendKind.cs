namespace Harness.Properties.Backends;

/// <summary>What runs the commands: the C# port of the kernel's algorithms, or the kernel's own files built in userspace.</summary>
public enum BackendKind
{
    /// <summary>The C# Implementation: fast, portable, with the bug switches.</summary>
    Port,

    /// <summary>The kernel's v5.13 pgtable.c, mem_protect.c and page_alloc.c compiled from a tree (native/).</summary>
    Kernel,
}
