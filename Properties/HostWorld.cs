using Harness.Implementation;
using Harness.Model;
using Harness.Properties.Backends;
using Harness.Properties.Oracle;

namespace Harness.Properties;

/// <summary>A world of the host layer: the pKVM host stage 2 over memory regions, and its model.</summary>
public sealed class HostWorld : World
{
    private HostWorld(HarnessConfig config, BackendChoice backend, IHostSystem sut, bool checking, IReadOnlyList<Invariants.IInvariant>? only)
        : base(config, backend, sut, checking, only)
    {
        Sut = sut;
        var regions = config.Memory.Select(r => (r.Start, r.End)).ToList();
        Model = new HostModel(Geometry.PageSize, config.IaBits, regions, [.. Geometry.LeafLevels.Select(Geometry.Size)], config.Fixes.HasFlag(Fix.DonateChecksOwner));
        var (mem, dev, hyp) = SpecPools.Host(Geometry, regions, config.Fixes.HasFlag(Fix.DonateMapsHyp));
        var pools = sut.Memory.Pools;
        var sizes = string.Join(", ", pools.Select(p => $"{p.Name} {p.Pages}"));
        var expected = hyp > 0 ? $"mem {mem}, dev {dev}, hyp {hyp}" : $"mem {mem}, dev {dev}";
        if (checking && sizes != expected)
        {
            InitViolation = new Violation("pool accounting", "the host's pools are not sized as spec 6.1 says", null, expected, sizes);
        }
    }

    public IHostSystem Sut { get; }

    public HostModel Model { get; }

    public override PageMap<PageState> ModelPages => Model.Pages;

    internal static HostWorld? Create(HarnessConfig config, BackendChoice backend, bool checking, IReadOnlyList<Invariants.IInvariant>? only, out string? error)
    {
        var sut = BackendFactory.Host(config, backend, out error);
        return sut is null ? null : new HostWorld(config, backend, sut, checking, only);
    }
}
