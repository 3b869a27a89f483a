using Harness.Implementation;
using Harness.Model;

namespace Harness.Properties;

/// <summary>
/// One system under test with its model, built from a <see cref="HarnessConfig"/>: the Implementation
/// (a raw stage-2 table, or the host stage 2), the model of the same layer, and what the last command
/// did (its events, the table it left) for the invariants to inspect.
/// </summary>
public sealed class World
{
    private Observed? _observed;

    private World(HarnessConfig config, Stage2System? stage2, HostStage2? host)
    {
        Config = config;
        Stage2 = stage2;
        Host = host;
        var geo = Pgt.Geometry;
        if (stage2 is not null)
        {
            Stage2Model = new PageTableModel(geo.PageSize, geo.IaBits, LargestBlock(geo)) { HasRoot = stage2.InitResult == Errno.Ok };
        }
        else
        {
            HostModel = new HostModel(geo.PageSize, geo.IaBits, [.. host!.Regions.Select(r => (r.Start, r.End))], config.Fixes.HasFlag(Fix.DonateChecksOwner));
        }
    }

    public HarnessConfig Config { get; }

    public Stage2System? Stage2 { get; }

    public HostStage2? Host { get; }

    public PageTableModel? Stage2Model { get; }

    public HostModel? HostModel { get; }

    /// <summary>The stage-2 table under test, whichever the layer.</summary>
    public KvmPgtable Pgt => Stage2?.Pgt ?? Host!.Pgt;

    public Geometry Geometry => Pgt.Geometry;

    public EventLog Log => Pgt.Log;

    public AllocFaultInjector Faults => Stage2?.Faults ?? Host!.Faults;

    /// <summary>The pools of the stage-2 table (the host's mem and dev pools, not the hypervisor's).</summary>
    public IReadOnlyList<PagePool> TablePools => Stage2 is { } s ? [s.Pool] : [Host!.MemPool, Host.DevPool];

    /// <summary>The table as the last command left it, read once per step.</summary>
    public Observed Observed => _observed ??= Observed.Read(Pgt);

    /// <summary>The hypervisor's stage 1 as the last command left it (host layer only).</summary>
    public Observed? ObservedHyp => Host is { Hyp: { } hyp } ? _observedHyp ??= Observed.Read(hyp) : null;

    private Observed? _observedHyp;

    /// <summary>What the last <c>get_leaf</c> returned: the descriptor and its level (commands keep no state of their own).</summary>
    public (Pte Pte, int Level)? LookedUpLeaf { get; set; }

    /// <summary>Forgets what the last command did: its events, the table reading and any looked-up leaf.</summary>
    public void BeginStep()
    {
        LookedUpLeaf = null;
        Log.Clear();
        _observed = null;
        _observedHyp = null;
    }

    /// <summary>Whether a page allocation failed during the current step (the only excuse for -ENOMEM).</summary>
    public bool AllocationFailed() => Logged(EventKind.AllocFailed);

    /// <summary>Whether the current step logged an event of <paramref name="kind"/>.</summary>
    public bool Logged(EventKind kind)
    {
        foreach (var e in Log.Since(0))
        {
            if (e.Kind == kind)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Builds the system of <paramref name="config"/>; null with a reason when the configuration is not valid.</summary>
    public static World? Create(HarnessConfig config, out string? error)
    {
        error = null;
        if (Geometry.Stage2(config.Granule, config.IaBits) is not { } geo)
        {
            error = $"no {GranuleText.Format(config.Granule)} geometry with a {config.IaBits}-bit IPA space (32..48, or 52 with 64k)";
            return null;
        }
        if (config.Layer == Layer.Stage2)
        {
            return new World(config, Stage2System.Create(geo, config.PoolPages, config.Bugs, config.Fixes), null);
        }
        var ret = HostStage2.Create(config.Granule, config.IaBits, config.Memory, config.Bugs, config.Fixes, out var host);
        if (ret != Errno.Ok)
        {
            error = ret == Errno.EINVAL
                ? "the host layer needs a PARange IPA size (32, 36, 40, 42, 44, 48; 52 with 64k) and sorted, disjoint, page-aligned memory regions below it"
                : $"the host stage 2 could not be set up ({ret})";
            return null;
        }
        return new World(config, null, host);
    }

    /// <summary>The largest leaf the granule allows (spec 1.2), capped at the IPA space.</summary>
    private static ulong LargestBlock(Geometry geo)
    {
        for (var level = geo.StartLevel; level < Geometry.MaxLevels; level++)
        {
            if (geo.LevelSupportsLeaf(level))
            {
                return geo.LevelSize(level);
            }
        }
        return geo.PageSize;
    }
}
