using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Harness.Implementation;

namespace Harness.Properties.Backends.Kernel;

/// <summary>
/// One table (stage2 layer) or one pKVM host stage 2 (host layer) run by the kernel's own code in a
/// <see cref="KernelLibrary"/>. Commands return the kernel's result (0 or a negated errno, or
/// <see cref="EBug"/>); what the kernel did arrives, in program order, at the sink given at creation;
/// the readers show the state between calls, straight from the instance's memory and allocator.
/// </summary>
/// <remarks>
/// The native side holds a weak handle to this object and calls <see cref="OnEvents"/> with batches
/// of its event buffer; an exception thrown by the sink cannot cross the native frames, so it is kept
/// and rethrown when the command returns. Calls into one library are serialised by its gate.
/// </remarks>
public sealed unsafe class KernelInstance : IDisposable
{
    /// <summary><c>HARNESS_EBUG</c>: the kernel hit BUG(); the instance is dead and answers this to every command.</summary>
    public const int EBug = -1000;

    /// <summary><c>HARNESS_EBADCONFIG</c>: a configuration the library cannot set up (no instance).</summary>
    public const int EBadConfig = -1001;

    private readonly KernelEventSink? _sink;
    private GCHandle _self;
    private nint _handle;
    private ExceptionDispatchInfo? _sinkError;

    private KernelInstance(KernelLibrary library, KernelConfig config, KernelEventSink? sink)
    {
        Library = library;
        Config = config;
        _sink = sink;
        _self = GCHandle.Alloc(this, GCHandleType.Weak);
    }

    ~KernelInstance() => Release();

    public KernelLibrary Library { get; }

    public KernelConfig Config { get; }

    /// <summary>Whether a command hit a kernel BUG (every later command answers <see cref="EBug"/>).</summary>
    public bool IsDead { get; private set; }

    /// <summary>
    /// Creates an instance of <paramref name="config"/> in <paramref name="library"/>. Returns the
    /// kernel's init result: 0; -ENOMEM when the pool could not supply the root (the instance exists
    /// and every walk answers -EINVAL); <see cref="EBadConfig"/> or <see cref="EBug"/> with no instance.
    /// Creation itself delivers no event.
    /// </summary>
    public static int TryCreate(KernelLibrary library, KernelConfig config, KernelEventSink? sink, out KernelInstance? instance)
    {
        var self = new KernelInstance(library, config, sink);
        var regions = new NativeRegion[config.Regions.Count];
        for (var i = 0; i < regions.Length; i++)
        {
            regions[i] = new NativeRegion { Base = config.Regions[i].Start, End = config.Regions[i].End };
        }
        var result = EBadConfig;
        fixed (NativeRegion* r = regions)
        {
            var native = new NativeConfig
            {
                Layer = (uint)config.Layer,
                IaBits = (uint)config.IaBits,
                PoolPages = config.PoolPages,
                Fixes = (uint)config.Fixes,
                NrRegions = (uint)regions.Length,
                Regions = r,
            };
            lock (library.Gate)
            {
                self._handle = library.Create(&native, &OnEvents, GCHandle.ToIntPtr(self._self), &result);
            }
        }
        if (self._handle == 0)
        {
            self.Release();
            GC.SuppressFinalize(self);
            instance = null;
            return result;
        }
        instance = self;
        return result;
    }

    /// <summary>Like <see cref="TryCreate"/>, but an instance the library refuses is an <see cref="ArgumentException"/>.</summary>
    public static KernelInstance Create(KernelLibrary library, KernelConfig config, KernelEventSink? sink = null)
    {
        var result = TryCreate(library, config, sink, out var instance);
        return instance ?? throw new ArgumentException($"{library} refused {config} ({result})", nameof(config));
    }

    /// <summary><c>kvm_pgtable_stage2_map</c> (stage2 layer; -EINVAL on the host layer).</summary>
    public int Map(ulong addr, ulong size, ulong phys, Prot prot)
    {
        int ret;
        lock (Library.Gate)
        {
            ret = Library.Map(Handle, addr, size, phys, (uint)prot);
        }
        return Finish(ret);
    }

    /// <summary><c>kvm_pgtable_stage2_unmap</c> (stage2 layer).</summary>
    public int Unmap(ulong addr, ulong size)
    {
        int ret;
        lock (Library.Gate)
        {
            ret = Library.Unmap(Handle, addr, size);
        }
        return Finish(ret);
    }

    /// <summary><c>kvm_pgtable_stage2_set_owner</c> (stage2 layer); an owner above 255 (the kernel takes a u8) is -EINVAL.</summary>
    public int SetOwner(ulong addr, ulong size, ulong owner)
    {
        int ret;
        lock (Library.Gate)
        {
            ret = Library.SetOwner(Handle, addr, size, owner);
        }
        return Finish(ret);
    }

    /// <summary>A host stage-2 fault at the page of <paramref name="addr"/> (<c>host_stage2_idmap</c>; host layer).</summary>
    public int Fault(ulong addr)
    {
        int ret;
        lock (Library.Gate)
        {
            ret = Library.Fault(Handle, addr);
        }
        return Finish(ret);
    }

    /// <summary>Donation of <c>[addr, addr+size)</c> to the hypervisor (<c>__pkvm_mark_hyp</c> and the instance's fixes; host layer).</summary>
    public int Donate(ulong addr, ulong size)
    {
        int ret;
        lock (Library.Gate)
        {
            ret = Library.Donate(Handle, addr, size);
        }
        return Finish(ret);
    }

    /// <summary>The <paramref name="n"/>-th page allocation from now fails (1 = the next); 0 cancels.</summary>
    public void FailAlloc(ulong n)
    {
        lock (Library.Gate)
        {
            Library.FailAlloc(Handle, n);
        }
    }

    /// <summary>The leaf covering <paramref name="addr"/> and its level (a LEAF walk of its page); on error both are 0.</summary>
    public int GetLeaf(ulong addr, out ulong pte, out int level)
    {
        int ret;
        ulong p;
        uint l;
        lock (Library.Gate)
        {
            ret = Library.GetLeaf(Handle, addr, &p, &l);
        }
        pte = p;
        level = (int)l;
        return Finish(ret);
    }

    /// <summary>The first root page's physical address, or 0 when the table has no root.</summary>
    public ulong RootPa => Read(static (l, h) => l.RootPa(h));

    /// <summary>Pages of the concatenated root (0 without a root).</summary>
    public int RootPages => (int)Read(static (l, h) => l.RootPages(h));

    public int StartLevel => (int)Read(static (l, h) => l.StartLevel(h));

    /// <summary>The hypervisor stage 1's root (donate-maps-hyp), or 0.</summary>
    public ulong HypRootPa => Read(static (l, h) => l.HypRootPa(h));

    public int HypStartLevel => (int)Read(static (l, h) => l.HypStartLevel(h));

    public int HypIaBits => (int)Read(static (l, h) => l.HypIaBits(h));

    /// <summary>Page allocations attempted by commands so far (creation excluded), failed ones included.</summary>
    public ulong AllocAttempts => Read(static (l, h) => l.AllocAttempts(h));

    /// <summary>The instance's pools, in address order.</summary>
    public IReadOnlyList<KernelPool> Pools
    {
        get
        {
            lock (Library.Gate)
            {
                var h = Handle;
                var count = Library.NrPools(h);
                var pools = new KernelPool[count];
                for (uint i = 0; i < count; i++)
                {
                    NativePoolInfo info;
                    Library.PoolInfo(h, i, &info);
                    var end = info.BasePa + (info.NrPages << Library.PageShift);
                    pools[i] = new KernelPool(Marshal.PtrToStringUTF8(info.Name) ?? "", info.BasePa, end, info.NrPages, info.UsedPages, info.MaxOrder);
                }
                return pools;
            }
        }
    }

    /// <summary>Where <see cref="Memory"/> starts in physical memory.</summary>
    public ulong MemoryBasePa
    {
        get
        {
            ulong basePa, bytes;
            Library.Memory(Handle, &basePa, &bytes);
            return basePa;
        }
    }

    /// <summary>
    /// Every pool page, contiguous, as 64-bit descriptors from <see cref="MemoryBasePa"/> on: the
    /// tables exactly as the kernel left them. Valid until the instance is disposed.
    /// </summary>
    public ReadOnlySpan<ulong> Memory
    {
        get
        {
            ulong basePa, bytes;
            var p = Library.Memory(Handle, &basePa, &bytes);
            return new ReadOnlySpan<ulong>(p, checked((int)(bytes / sizeof(ulong))));
        }
    }

    /// <summary>The descriptor at physical address <paramref name="pa"/> (inside <see cref="Memory"/>).</summary>
    public ulong ReadDescriptor(ulong pa) => Memory[checked((int)((pa - MemoryBasePa) / sizeof(ulong)))];

    /// <summary>The allocator's reference count of the page holding <paramref name="pa"/>; -1 outside every pool.</summary>
    public int PageCount(ulong pa)
    {
        lock (Library.Gate)
        {
            return Library.PageCount(Handle, pa);
        }
    }

    /// <summary>Every page's count and allocation state of pool <paramref name="pool"/>, under one lock.</summary>
    public void ReadPool(int pool, Span<int> counts, Span<bool> allocated)
    {
        var p = Pools[pool];
        var pageSize = 1UL << Library.PageShift;
        lock (Library.Gate)
        {
            for (var i = 0; i < counts.Length; i++)
            {
                var pa = p.BasePa + ((ulong)i * pageSize);
                counts[i] = Library.PageCount(Handle, pa);
                allocated[i] = Library.PageAllocated(Handle, pa) == 1;
            }
        }
    }

    /// <summary>1 if the page holding <paramref name="pa"/> is allocated, 0 if free, -1 outside every pool.</summary>
    public int PageAllocated(ulong pa)
    {
        lock (Library.Gate)
        {
            return Library.PageAllocated(Handle, pa);
        }
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(KernelInstance));

    private T Read<T>(Func<KernelLibrary, nint, T> reader)
    {
        lock (Library.Gate)
        {
            return reader(Library, Handle);
        }
    }

    private int Finish(int ret)
    {
        if (ret == EBug)
        {
            IsDead = true;
        }
        if (_sinkError is { } error)
        {
            _sinkError = null;
            error.Throw();
        }
        GC.KeepAlive(this);
        return ret;
    }

    private void Release()
    {
        lock (Library.Gate)
        {
            if (_handle != 0)
            {
                Library.Destroy(_handle);
                _handle = 0;
            }
        }
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    /// <summary>The sink trampoline: forwards one batch of the native buffer to the managed sink.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnEvents(nint user, NativeEvent* events, uint count)
    {
        if (GCHandle.FromIntPtr(user).Target is not KernelInstance self || self._sink is null || self._sinkError is not null)
        {
            return;
        }
        try
        {
            self._sink(new ReadOnlySpan<NativeEvent>(events, (int)count));
        }
        catch (Exception e)
        {
            self._sinkError = ExceptionDispatchInfo.Capture(e);
        }
    }
}
