using Harness.Implementation;
using Harness.Properties.Commands;
using Harness.Properties.Oracle;

namespace Harness.Properties.Runner;

/// <summary>
/// The one interpreter: runs a command sequence against a fresh world, for campaigns, fault injection
/// and replay alike. Checked, each command is judged by its postcondition and every claim over what it
/// touched; every <see cref="RunSettings.FullCheckEvery"/> commands, and at the end, the whole table is
/// swept. It stops at the first violation.
/// </summary>
public sealed class Execution
{
    private Execution(World world) => World = world;

    public World World { get; }

    public List<Step> Steps { get; } = [];

    /// <summary>Commands run (kept or not).</summary>
    public long Count { get; private set; }

    /// <summary>The first broken claim, or null when every step passed.</summary>
    public Violation? Violation { get; private set; }

    /// <summary>The 0-based index of the command after which <see cref="Violation"/> was found.</summary>
    public int FailedAt => Violation is null ? -1 : (int)Count - 1;

    /// <summary>Runs <paramref name="commands"/> on a fresh world of <paramref name="config"/>; throws when the configuration cannot be built.</summary>
    public static Execution Run(HarnessConfig config, IEnumerable<Command> commands, RunSettings? settings = null)
    {
        settings ??= RunSettings.Default;
        var since = PhaseClock.Start(settings.Clock);
        var world = World.Create(config, settings.Backend, settings.Checked, out var error, settings.Only) ?? throw new ArgumentException(error, nameof(config));
        settings.Clock?.Lap(RunPhase.World, since);
        return Run(world, commands, settings);
    }

    /// <summary>Runs <paramref name="commands"/> on <paramref name="world"/>, which it then owns.</summary>
    public static Execution Run(World world, IEnumerable<Command> commands, RunSettings settings)
    {
        var x = new Execution(world);
        if (settings.Coverage is { } coverage)
        {
            world.Observe(coverage.Watcher(world, x));
        }
        var sinceSweep = 0;
        foreach (var c in commands)
        {
            if (!c.Pre(world))
            {
                settings.Coverage?.Refused(c);
                continue;
            }
            var step = x.RunOne(c, settings);
            x.Count++;
            if (settings.KeepSteps)
            {
                x.Steps.Add(step);
            }
            settings.AfterStep?.Invoke(step, world);
            if (x.Violation is null && settings.Checked && (settings.Paranoid || ++sinceSweep >= settings.FullCheckEvery))
            {
                sinceSweep = 0;
                var since = PhaseClock.Start(settings.Clock);
                x.Violation = world.Sweep(deep: false);
                settings.Clock?.Lap(RunPhase.Sweeps, since);
            }
            if (x.Violation is not null)
            {
                return x;
            }
        }
        if (settings.Checked && x.Count > 0)
        {
            var since = PhaseClock.Start(settings.Clock);
            x.Violation = world.Sweep(deep: true);
            settings.Clock?.Lap(RunPhase.Sweeps, since);
        }
        return x;
    }

    private Step RunOne(Command c, RunSettings settings)
    {
        try
        {
            // Each phase's end is read from the clock only when the run is timed.
            var clock = settings.Clock;
            var mark = PhaseClock.Start(clock);
            if (!settings.Checked)
            {
                World.BeginStep(c, []);
                var ran = c.Run(World);
                clock?.Lap(RunPhase.Command, mark);
                return new Step(c, ran);
            }
            var expectation = c.Step(World);
            World.BeginStep(c, c.AllowedWrites(World, expectation));
            mark = clock?.Lap(RunPhase.Expectation, mark) ?? 0;
            var result = c.Run(World);
            mark = clock?.Lap(RunPhase.Command, mark) ?? 0;
            Violation = World.TakeInitViolation() ?? c.Post(World, expectation, result);
            mark = clock?.Lap(RunPhase.Postcondition, mark) ?? 0;
            if (Violation is null)
            {
                var scope = Scope.Touched(World.Shadow!, World.ModelPages.Changed);
                mark = clock?.Lap(RunPhase.Scope, mark) ?? 0;
                Violation = World.CheckStep(scope);
                clock?.Lap(RunPhase.Claims, mark);
            }
            settings.Coverage?.EndStep(World, c, result, this);
            return new Step(c, result);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // An exception is a bug in Harness or in the backend's handling of bad input; report it like
            // any broken claim so that it shrinks.
            Violation = new Violation("no exception", $"{c} threw {ex.GetType().Name}: {ex.Message}");
            return new Step(c, Errno.Ok);
        }
    }
}
