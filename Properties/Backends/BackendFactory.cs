using Harness.Implementation;
using Harness.Properties.Backends.Port;

namespace Harness.Properties.Backends;

/// <summary>Builds a configuration's system on the chosen backend, or says in one line why it cannot.</summary>
public static class BackendFactory
{
    public static IStage2System? Stage2(HarnessConfig config, BackendChoice backend, out string? error)
    {
        error = null;
        if (backend.Kind == BackendKind.Kernel)
        {
            return Kernel.KernelSystems.Stage2(config, backend, out error);
        }
        var geometry = Geometry.Stage2(config.Granule, config.IaBits);
        if (geometry is not { } geo)
        {
            error = $"no {GranuleText.Format(config.Granule)} geometry with a {config.IaBits}-bit IPA space";
            return null;
        }
        return new PortStage2(geo, config.PoolPages, config.Bugs, config.Fixes);
    }

    public static IHostSystem? Host(HarnessConfig config, BackendChoice backend, out string? error)
    {
        error = null;
        if (backend.Kind == BackendKind.Kernel)
        {
            return Kernel.KernelSystems.Host(config, backend, out error);
        }
        var ret = PortHost.Create(config.Granule, config.IaBits, config.Memory, config.Bugs, config.Fixes, out var host);
        if (host is null)
        {
            error = $"the host stage 2 could not be set up ({ErrnoText.Name(ret)})";
        }
        return host;
    }
}
