using Harness.Implementation;
using Harness.Model;
using Harness.Properties.Backends;
using Harness.Properties.Oracle;

namespace Harness.Properties;

/// <summary>A world of the stage2 layer: a raw stage-2 table (IDMAP, no FWB) with its pool, and its model.</summary>
public sealed class Stage2World : World
{
    private Stage2World(HarnessConfig config, BackendChoice backend, IStage2System sut, bool checking, IReadOnlyList<Invariants.IInvariant>? only)
        : base(config, backend, sut, checking, only)
    {
        Sut = sut;
        var hasRoot = SpecPools.RootFits(Geometry, config.PoolPages, config.Fixes.HasFlag(Fix.PoolMaxOrder));
        Model = new PageTableModel(Geometry.PageSize, config.IaBits) { HasRoot = hasRoot };
        if (checking && hasRoot != (sut.InitResult == Errno.Ok))
        {
            InitViolation = new Violation("pool accounting",
                $"a pool of {config.PoolPages} pages {(hasRoot ? "refused" : "handed out")} the {Geometry.RootPages}-page root; spec 3.1 says it {(hasRoot ? "has" : "has no")} a free block of that order",
                null, hasRoot ? "a root" : "-ENOMEM (no root)", ErrnoText.Name(sut.InitResult));
        }
    }

    public IStage2System Sut { get; }

    public PageTableModel Model { get; }

    public override PageMap<PageState> ModelPages => Model.Pages;

    internal static Stage2World? Create(HarnessConfig config, BackendChoice backend, bool checking, IReadOnlyList<Invariants.IInvariant>? only, out string? error)
    {
        var sut = BackendFactory.Stage2(config, backend, out error);
        return sut is null ? null : new Stage2World(config, backend, sut, checking, only);
    }
}
