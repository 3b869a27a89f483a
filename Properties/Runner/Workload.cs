using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;

namespace Harness.Properties.Runner;

/// <summary>
/// The test cases a campaign of <see cref="RunOptions"/> draws from a <see cref="ConfigSpace"/>, drawn by
/// the very FsCheck configuration the campaign uses and kept, so that the same commands can be run again
/// and again under different settings (checked or not, sweep interval, backend) and timed: the workload
/// of <c>harness bench</c> and of the benchmarks in <c>bench/</c>. Generation is not part of the timing.
/// </summary>
public sealed class Workload
{
    private Workload(ConfigSpace space, IReadOnlyList<TestCase> cases) =>
        (Space, Cases, Commands) = (space, cases, cases.Sum(c => (long)c.Commands.Count));

    public ConfigSpace Space { get; }

    public IReadOnlyList<TestCase> Cases { get; }

    /// <summary>Commands generated (some may be refused by a precondition when run).</summary>
    public long Commands { get; }

    public static Workload Of(ConfigSpace space, RunOptions options)
    {
        var cases = new List<TestCase>();
        var prop = Prop.ForAll(Arb.From(TestCases.For(space)), t =>
        {
            cases.Add(t);
            return true;
        });
        Check.One(new FailureCapture().ConfigFor(options), prop);
        return new Workload(space, cases);
    }

    /// <summary>The cases <paramref name="keep"/> keeps, as a workload of their own (one granule's, for a split of the time).</summary>
    public Workload Only(Func<TestCase, bool> keep) => new(Space, [.. Cases.Where(keep)]);

    /// <summary>Runs every case once with <paramref name="settings"/>: the commands run. A broken claim is an error here: a workload is meant to pass.</summary>
    public long Run(RunSettings settings)
    {
        long n = 0;
        settings = settings with { KeepSteps = false };
        foreach (var t in Cases)
        {
            var x = Execution.Run(t.Config, t.Commands, settings);
            var since = PhaseClock.Start(settings.Clock);
            x.World.Dispose();
            settings.Clock?.Lap(RunPhase.Disposal, since);
            if (x.Violation is { } v)
            {
                throw new InvalidOperationException($"the workload fails: {t.Config}: {v}");
            }
            n += x.Count;
        }
        return n;
    }

    /// <summary>
    /// Where the time of a run under <paramref name="settings"/> goes, timed phase by phase: the fastest
    /// run's phases (<see cref="Fastest"/>) and the commands it ran.
    /// </summary>
    public (PhaseClock Phases, long Commands) Phases(RunSettings settings, TimeSpan atLeast) =>
        Fastest(settings, atLeast, () =>
        {
            var clock = new PhaseClock();
            return (Phases: clock, Commands: Run(settings with { Clock = clock }));
        }, static (a, b) => a.Phases.Total < b.Phases.Total);

    /// <summary>Commands per second under <paramref name="settings"/>: the fastest run's rate (<see cref="Fastest"/>).</summary>
    public double Rate(RunSettings settings, TimeSpan atLeast) =>
        Fastest(settings, atLeast, () =>
        {
            var clock = Stopwatch.StartNew();
            var n = Run(settings);
            return n / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        }, static (a, b) => a > b);

    /// <summary>
    /// One run under <paramref name="settings"/> to warm up, then runs of <paramref name="measure"/> until
    /// <paramref name="atLeast"/> has passed; the best measurement as <paramref name="better"/> ranks them,
    /// as benchmarks report the least disturbed.
    /// </summary>
    private T Fastest<T>(RunSettings settings, TimeSpan atLeast, Func<T> measure, Func<T, T, bool> better)
    {
        Run(settings);
        var total = Stopwatch.StartNew();
        var best = measure();
        while (total.Elapsed < atLeast)
        {
            var next = measure();
            if (better(next, best))
            {
                best = next;
            }
        }
        return best;
    }
}
