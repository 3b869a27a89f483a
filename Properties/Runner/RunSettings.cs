using Harness.Properties.Backends;
using Harness.Properties.Invariants;

namespace Harness.Properties.Runner;

/// <summary>
/// How <see cref="Execution"/> runs a sequence: on which backend, checked or not, how often the whole
/// table is swept (<see cref="FullCheckEvery"/>; <see cref="Paranoid"/> sweeps after every command), and
/// what else watches (coverage, a per-step callback for replay output).
/// </summary>
public sealed record RunSettings
{
    /// <summary>Sweeps every 64 commands by default: measured in docs/performance.md as the point past which more frequent sweeps cost more than the commands.</summary>
    public const int DefaultFullCheckEvery = 64;

    public static RunSettings Default { get; } = new();

    public BackendChoice Backend { get; init; } = BackendChoice.Port;

    /// <summary>False for a plain replay: no model, no shadow, no claims.</summary>
    public bool Checked { get; init; } = true;

    public int FullCheckEvery { get; init; } = DefaultFullCheckEvery;

    public bool Paranoid { get; init; }

    public Coverage? Coverage { get; init; }

    /// <summary>The invariants to check; all of the catalogue when null.</summary>
    public IReadOnlyList<IInvariant>? Only { get; init; }

    /// <summary>Called after each command with its step (replay output).</summary>
    public Action<Step, World>? AfterStep { get; init; }

    /// <summary>Whether <see cref="Execution.Steps"/> keeps every step (false for a streaming replay).</summary>
    public bool KeepSteps { get; init; } = true;

    /// <summary>Where the run's time goes, phase by phase, when set (<c>harness bench --mode phases</c>); null, the run is not timed.</summary>
    public PhaseClock? Clock { get; init; }
}
