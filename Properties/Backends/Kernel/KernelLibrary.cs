using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Harness.Implementation;

namespace Harness.Properties.Backends.Kernel;

/// <summary>
/// A loaded kernel-backend library (one granule, profile or stock) and its exports as unmanaged
/// function pointers. The kernel files keep their state in statics, which each call swaps an
/// instance's copy into, so calls into one loaded library are serialised by <see cref="Gate"/>; to run
/// instances in parallel, load another slot (a copy of the file, hence its own statics).
/// </summary>
/// <remarks>
/// Libraries are loaded once per (file, slot) and stay loaded for the life of the process: an
/// unload while an instance or a function pointer is still around would be a use after free, and
/// the OS releases everything at exit.
/// </remarks>
public sealed unsafe class KernelLibrary
{
    /// <summary>The ABI this binding speaks (<c>HARNESS_ABI_VERSION</c>).</summary>
    public const uint AbiVersion = 1;

    private static readonly ConcurrentDictionary<string, Lazy<KernelLibrary>> Loaded = new();

    // Calls that may run kernel code, hence call the sink: a full GC transition.
    internal readonly delegate* unmanaged[Cdecl]<NativeConfig*, delegate* unmanaged[Cdecl]<nint, NativeEvent*, uint, void>, nint, int*, nint> Create;
    internal readonly delegate* unmanaged[Cdecl]<nint, void> Destroy;
    internal readonly delegate* unmanaged[Cdecl]<nint, ulong, ulong, ulong, uint, int> Map;
    internal readonly delegate* unmanaged[Cdecl]<nint, ulong, ulong, int> Unmap;
    internal readonly delegate* unmanaged[Cdecl]<nint, ulong, ulong, ulong, int> SetOwner;
    internal readonly delegate* unmanaged[Cdecl]<nint, ulong, int> Fault;
    internal readonly delegate* unmanaged[Cdecl]<nint, ulong, ulong, int> Donate;
    internal readonly delegate* unmanaged[Cdecl]<nint, ulong, ulong*, uint*, int> GetLeaf;
    internal readonly delegate* unmanaged[Cdecl]<nint, uint, NativePoolInfo*, void> PoolInfo;

    // Tiny readers and setters that never call back or block: no GC transition needed.
    internal readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, ulong, void> FailAlloc;
    internal readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, ulong> RootPa;
    internal readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, uint> RootPages;
    internal readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, uint> StartLevel;
    internal readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, ulong> HypRootPa;
    internal readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, uint> HypStartLevel;
    internal readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, uint> HypIaBits;
    internal readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, uint> NrPools;
    internal readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, ulong*, ulong*, ulong*> Memory;
    internal readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, ulong, int> PageCount;
    internal readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, ulong, int> PageAllocated;
    internal readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, ulong> AllocAttempts;

    private KernelLibrary(string path, int slot)
    {
        Path = path;
        Slot = slot;
        var handle = NativeLibrary.Load(path);
        nint Export(string name) => NativeLibrary.GetExport(handle, name);

        var version = ((delegate* unmanaged[Cdecl, SuppressGCTransition]<uint>)Export("harness_abi_version"))();
        if (version != AbiVersion)
        {
            throw new InvalidOperationException($"{path} speaks ABI version {version}; this binding speaks {AbiVersion}: rebuild it");
        }
        PageShift = (int)((delegate* unmanaged[Cdecl, SuppressGCTransition]<uint>)Export("harness_page_shift"))();
        IsStock = ((delegate* unmanaged[Cdecl, SuppressGCTransition]<uint>)Export("harness_is_stock"))() != 0;

        Create = (delegate* unmanaged[Cdecl]<NativeConfig*, delegate* unmanaged[Cdecl]<nint, NativeEvent*, uint, void>, nint, int*, nint>)Export("harness_create");
        Destroy = (delegate* unmanaged[Cdecl]<nint, void>)Export("harness_destroy");
        Map = (delegate* unmanaged[Cdecl]<nint, ulong, ulong, ulong, uint, int>)Export("harness_map");
        Unmap = (delegate* unmanaged[Cdecl]<nint, ulong, ulong, int>)Export("harness_unmap");
        SetOwner = (delegate* unmanaged[Cdecl]<nint, ulong, ulong, ulong, int>)Export("harness_set_owner");
        Fault = (delegate* unmanaged[Cdecl]<nint, ulong, int>)Export("harness_fault");
        Donate = (delegate* unmanaged[Cdecl]<nint, ulong, ulong, int>)Export("harness_donate");
        GetLeaf = (delegate* unmanaged[Cdecl]<nint, ulong, ulong*, uint*, int>)Export("harness_get_leaf");
        PoolInfo = (delegate* unmanaged[Cdecl]<nint, uint, NativePoolInfo*, void>)Export("harness_pool_info");
        FailAlloc = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, ulong, void>)Export("harness_fail_alloc");
        RootPa = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, ulong>)Export("harness_root_pa");
        RootPages = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, uint>)Export("harness_root_pages");
        StartLevel = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, uint>)Export("harness_start_level");
        HypRootPa = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, ulong>)Export("harness_hyp_root_pa");
        HypStartLevel = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, uint>)Export("harness_hyp_start_level");
        HypIaBits = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, uint>)Export("harness_hyp_ia_bits");
        NrPools = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, uint>)Export("harness_nr_pools");
        Memory = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, ulong*, ulong*, ulong*>)Export("harness_memory");
        PageCount = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, ulong, int>)Export("harness_page_count");
        PageAllocated = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, ulong, int>)Export("harness_page_allocated");
        AllocAttempts = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, ulong>)Export("harness_alloc_attempts");
    }

    /// <summary>The file loaded (for a slot above 0, the slot's copy).</summary>
    public string Path { get; }

    public int Slot { get; }

    public int PageShift { get; }

    public Granule Granule => (Granule)PageShift;

    /// <summary>True for the stock build (the tree as it is), false for the v5.13 profile.</summary>
    public bool IsStock { get; }

    /// <summary>Serialises calls into this library: one instance's statics are loaded at a time.</summary>
    internal Lock Gate { get; } = new();

    /// <summary>
    /// The library at <paramref name="path"/>, loaded once per process. Slot 0 is the file itself; a
    /// slot above 0 loads a copy named for the slot, so that each copy has its own kernel statics and
    /// calls into different slots may run in parallel.
    /// </summary>
    public static KernelLibrary Load(string path, int slot = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        var full = System.IO.Path.GetFullPath(path);
        var file = slot == 0 ? full : SlotCopy(full, slot);
        return Loaded.GetOrAdd(file, f => new Lazy<KernelLibrary>(() => new KernelLibrary(f, slot))).Value;
    }

    /// <summary>
    /// <c>libharness-kernel-4k.slot2.so</c> beside the original, refreshed when the original is newer;
    /// written under a temporary name and renamed, so a process that has the old copy loaded keeps it.
    /// </summary>
    private static string SlotCopy(string original, int slot)
    {
        var dir = System.IO.Path.GetDirectoryName(original)!;
        var copy = System.IO.Path.Combine(dir, $"{System.IO.Path.GetFileNameWithoutExtension(original)}.slot{slot}.so");
        var source = new FileInfo(original);
        var target = new FileInfo(copy);
        if (!target.Exists || target.Length != source.Length || target.LastWriteTimeUtc < source.LastWriteTimeUtc)
        {
            var temp = $"{copy}.{Environment.ProcessId}.tmp";
            File.Copy(original, temp, overwrite: true);
            File.Move(temp, copy, overwrite: true);
        }
        return copy;
    }

    public override string ToString() => $"{System.IO.Path.GetFileName(Path)} ({(IsStock ? "stock" : "profile v5.13")})";
}
