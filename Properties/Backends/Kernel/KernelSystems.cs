using Harness.Implementation;

namespace Harness.Properties.Backends.Kernel;

/// <summary>
/// The kernel backend's systems for a configuration: the tree is located and verified, its library built
/// (once per tree, granule and build) and loaded (one copy per slot), and an instance created. Anything
/// missing on the way is one line saying what.
/// </summary>
public static class KernelSystems
{
    public static IStage2System? Stage2(HarnessConfig config, BackendChoice backend, out string? error) =>
        Create(config, backend, out error) is { } k ? new KernelStage2(k.Instance, k.Sink) : null;

    public static IHostSystem? Host(HarnessConfig config, BackendChoice backend, out string? error) =>
        Create(config, backend, out error) is { } k ? new KernelHost(k.Instance, k.Sink) : null;

    /// <summary>The library for a granule on <paramref name="backend"/>, built if need be; null with the reason.</summary>
    public static KernelLibrary? Library(Granule granule, BackendChoice backend, out string? error)
    {
        error = null;
        // Locating the tree hashes its files: done once per tree, granule and build, not per world.
        var key = (backend.KernelTree, granule, backend.Stock);
        if (!BuiltLibraries.TryGetValue(key, out var path))
        {
            var tree = KernelTree.Locate(backend.KernelTree);
            var built = KernelBuild.Build(tree, granule, backend.Stock);
            if (!built.IsBuilt)
            {
                error = $"the kernel backend is not available: {built.Reason}";
                return null;
            }
            path = BuiltLibraries.GetOrAdd(key, built.LibraryPath!);
        }
        return KernelLibrary.Load(path, backend.Slot);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string? Tree, Granule Granule, bool Stock), string> BuiltLibraries = new();

    private static (KernelInstance Instance, SinkForwarder Sink)? Create(HarnessConfig config, BackendChoice backend, out string? error)
    {
        if (Library(config.Granule, backend, out error) is not { } library)
        {
            return null;
        }
        var forwarder = new SinkForwarder();
        var kernelConfig = new KernelConfig(config.Layer, config.IaBits, (ulong)config.PoolPages, (KernelFixes)(int)config.Fixes, config.Memory);
        var result = KernelInstance.TryCreate(library, kernelConfig, forwarder.Forward, out var instance);
        if (instance is null)
        {
            error = result == KernelInstance.EBadConfig
                ? $"the kernel backend cannot set up {config}"
                : $"the kernel backend failed to set up {config} ({result})";
            return null;
        }
        forwarder.InitResult = (Errno)result;
        return (instance, forwarder);
    }

    /// <summary>Turns the kernel's event batches into the harness's events, in order, for whoever listens.</summary>
    internal sealed class SinkForwarder
    {
        public EventSink? Sink { get; set; }

        public Errno InitResult { get; set; }

        public void Forward(ReadOnlySpan<NativeEvent> events)
        {
            if (Sink is not { } sink)
            {
                return;
            }
            foreach (ref readonly var n in events)
            {
                sink.On(Convert(n));
            }
        }

        private static Event Convert(in NativeEvent n) => n.Kind switch
        {
            NativeEventKind.TlbiIpa => new Event(EventKind.TlbiIpa, 0, n.Ipa, n.Level, 0, 0),
            NativeEventKind.TlbiVmid => new Event(EventKind.TlbiVmid, 0, 0, 0, 0, 0),
            _ => new Event((EventKind)(int)n.Kind, n.Pa, 0, 0, n.A, n.B),
        };
    }
}
