using Harness.Implementation;
using Harness.Model;
using Harness.Properties.Backends;
using Harness.Properties.Commands;
using Harness.Properties.Invariants;
using Harness.Properties.Oracle;

namespace Harness.Properties;

/// <summary>
/// One system under test with its model, built from a <see cref="HarnessConfig"/> on a backend: the
/// system (a raw stage-2 table or the host stage 2, port or kernel), the model of the same layer, and,
/// when it is checked, the oracle's shadow of the tables and the watchers of the event-order claims.
/// Every event the backend reports passes through <see cref="On"/>.
/// </summary>
public abstract class World : EventSink, IDisposable
{
    private readonly StepWatcher?[] _watchers;

    /// <summary>The watchers alone, for the per-event loop: most invariants have none.</summary>
    private readonly StepWatcher[] _active;

    /// <summary>Those of <see cref="_active"/> that follow every write; the others see only the clears of valid descriptors.</summary>
    private readonly StepWatcher[] _everyWrite;

    /// <summary>
    /// The first two of <see cref="_everyWrite"/> (the catalogue has two), each called from a call site of
    /// its own: a site that sees one watcher type is compiled to a direct, inlined call, where a loop over
    /// both types could inline only one and paid a virtual call for the other on every write.
    /// </summary>
    private readonly StepWatcher? _firstEveryWrite;
    private readonly StepWatcher? _secondEveryWrite;

    private readonly IInvariant[] _invariants;
    private StepWatcher[] _observers = [];
    private bool _disposed;

    protected World(HarnessConfig config, BackendChoice backend, ISystem system, bool checking, IReadOnlyList<IInvariant>? only)
    {
        Config = config;
        Backend = backend;
        System = system;
        Geometry = new SpecGeometry((int)config.Granule, config.IaBits);
        if (checking)
        {
            Shadow = new TableShadow(system.Memory, Geometry, config.Fixes.HasFlag(Fix.PoolMaxOrder), CheckScratch.Rent());
            _invariants = [.. (only ?? Catalogue.All).Where(i => i.AppliesTo(this))];
            _watchers = [.. _invariants.Select(i => i.Watch(this))];
        }
        else
        {
            _invariants = [];
            _watchers = [];
        }
        _active = [.. _watchers.OfType<StepWatcher>()];
        _everyWrite = [.. _active.Where(w => w.WantsEveryWrite)];
        _firstEveryWrite = _everyWrite.ElementAtOrDefault(0);
        _secondEveryWrite = _everyWrite.ElementAtOrDefault(1);
        system.Sink = this;
    }

    public HarnessConfig Config { get; }

    public BackendChoice Backend { get; }

    public ISystem System { get; }

    public ITableMemory Memory => System.Memory;

    public Layer Layer => Config.Layer;

    /// <summary>The oracle's geometry of the stage-2 table (spec 1), not the backend's.</summary>
    public SpecGeometry Geometry { get; }

    /// <summary>The oracle's shadow of the tables; null when the world is not checked (a plain replay).</summary>
    public TableShadow? Shadow { get; }

    /// <summary>What the model says of every page (owner and mapping), for either layer.</summary>
    public abstract PageMap<PageState> ModelPages { get; }

    /// <summary>Whatever sees every event besides the checks (the replay's maintenance log, a coverage counter).</summary>
    public EventSink? Tap { get; set; }

    /// <summary>What the current step's events said (allocation failures, writes, maintenance).</summary>
    public StepStats Stats { get; } = new();

    /// <summary>A claim broken by the world's creation itself (root or pools not as the spec sizes them), reported with the first step.</summary>
    public Violation? InitViolation { get; protected set; }

    /// <summary>The creation's broken claim, once: the first step reports it before its own.</summary>
    public Violation? TakeInitViolation()
    {
        var v = InitViolation;
        InitViolation = null;
        return v;
    }

    /// <summary>What the last <c>get_leaf</c> returned: the descriptor and its level (commands keep no state of their own).</summary>
    public (ulong Pte, int Level)? LookedUpLeaf { get; set; }

    /// <summary>The invariants that apply to this world, in catalogue order.</summary>
    public IReadOnlyList<IInvariant> Invariants => _invariants;

    /// <summary>Adds something that follows the events without judging them (coverage).</summary>
    public void Observe(StepWatcher observer) => _observers = [.. _observers, observer];

    /// <summary>Starts a step: forgets the previous one and tells the watchers what the command may touch.</summary>
    public void BeginStep(Command command, PageRange[] allowedWrites)
    {
        LookedUpLeaf = null;
        Stats.Reset();
        ModelPages.ForgetChanges();
        Shadow?.BeginStep();
        var step = new StepContext(command, allowedWrites);
        foreach (var w in _watchers)
        {
            w?.BeginStep(step);
        }
        foreach (var o in _observers)
        {
            o.BeginStep(step);
        }
    }

    /// <summary>
    /// After the command: the first broken claim among the event-order claims and the state claims over
    /// <paramref name="scope"/> (or null), in catalogue order.
    /// </summary>
    public Violation? CheckStep(Scope scope)
    {
        Violation? first = null;
        for (var i = 0; i < _invariants.Length; i++)
        {
            // Every watcher closes its step, even after a violation, so none carries state over.
            var v = _watchers[i]?.EndStep() ?? _invariants[i].Check(this, scope);
            first ??= v;
        }
        return first;
    }

    /// <summary>A sweep: memory against the shadow, then every claim over the whole table.</summary>
    public Violation? Sweep(bool deep)
    {
        if (Shadow is null)
        {
            return null;
        }
        if (ShadowSweep.Check(Shadow, Memory, deep) is { } v)
        {
            return v;
        }
        var all = Scope.Everything(Shadow);
        for (var i = 0; i < _invariants.Length; i++)
        {
            if (_watchers[i] is null && _invariants[i].Check(this, all) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>Every event of the backend, in program order: to the shadow, the watchers and the tap.</summary>
    public override void On(in Event e)
    {
        Tap?.On(e);
        switch (e.Kind)
        {
            case EventKind.PteWrite:
                Stats.CountWrite(e);
                if (Shadow is not null)
                {
                    FollowWrite(e);
                }
                return;
            case EventKind.Get or EventKind.Put:
                // As frequent as writes; only the shadow follows them (StepWatcher.OnEvent says why).
                Shadow?.CountMoved(e);
                return;
        }
        Stats.Count(e);
        if (Shadow is null)
        {
            return;
        }
        Shadow.Apply(e);
        foreach (var w in _active)
        {
            w.OnEvent(e);
        }
        foreach (var o in _observers)
        {
            o.OnEvent(e);
        }
    }

    private void FollowWrite(in Event e)
    {
        var ctx = Shadow!.ApplyWrite(e);
        _firstEveryWrite?.OnWrite(ctx);
        _secondEveryWrite?.OnWrite(ctx);
        for (var i = 2; i < _everyWrite.Length; i++)
        {
            _everyWrite[i].OnWrite(ctx);
        }
        foreach (var o in _observers)
        {
            o.OnWrite(ctx);
        }
        if (ctx.ClearsValid)
        {
            foreach (var w in _active)
            {
                w.OnClear(ctx);
            }
            foreach (var o in _observers)
            {
                o.OnClear(ctx);
            }
        }
    }

    /// <summary>
    /// Builds the system of <paramref name="config"/> on <paramref name="backend"/>, checked or not (with
    /// only the invariants <paramref name="only"/> names, or the whole catalogue); null with a one-line
    /// reason when the configuration is not valid or the backend cannot be had.
    /// </summary>
    public static World? Create(HarnessConfig config, BackendChoice backend, bool checking, out string? error, IReadOnlyList<IInvariant>? only = null)
    {
        error = ConfigCheck.Problem(config);
        if (error is not null)
        {
            return null;
        }
        if (backend.Kind == BackendKind.Kernel && config.Bugs != Bug.None)
        {
            error = $"the deliberate bugs ({config.Bugs}) are switches of the port: run them on the port backend";
            return null;
        }
        return config.Layer == Layer.Stage2
            ? Stage2World.Create(config, backend, checking, only, out error)
            : HostWorld.Create(config, backend, checking, only, out error);
    }

    /// <summary>A checked world on the port, or an exception: for tests and callers that already validated the configuration.</summary>
    public static World Checked(HarnessConfig config, BackendChoice? backend = null) =>
        Create(config, backend ?? BackendChoice.Port, checking: true, out var error) ?? throw new ArgumentException(error, nameof(config));

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            System.Dispose();
            if (Shadow is { } shadow)
            {
                shadow.ReleaseAll();
                shadow.Scratch.Return();
            }
        }
        GC.SuppressFinalize(this);
    }
}
