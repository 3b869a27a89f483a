using Harness.Implementation;
using Harness.Properties.Commands;
using Harness.Properties.Runner;

namespace Harness.Properties.Tests;

/// <summary>
/// A run timed phase by phase (<see cref="PhaseClock"/>, <c>harness bench --mode phases</c>): each phase a
/// checked run goes through gets time, an unchecked run only the world and the commands, and timing
/// changes nothing of what the run finds.
/// </summary>
public sealed class PhaseClockTests
{
    private static readonly Command[] MapThenUnmap = [new Map(0x4000_0000, 0x20_0000, 0x4000_0000, Prot.Rwx), new Unmap(0x4000_0000, 0x1000)];

    [Fact]
    public void ACheckedRun_TimesEveryPhase()
    {
        var clock = new PhaseClock();
        var x = Execution.Run(HarnessConfig.Stage2Default, MapThenUnmap, new RunSettings { Clock = clock });
        x.World.Dispose();

        Assert.Null(x.Violation);
        Assert.All(Enum.GetValues<RunPhase>().Where(p => p != RunPhase.Disposal), p => Assert.True(clock[p] > TimeSpan.Zero, $"{p}"));
        Assert.Equal(TimeSpan.Zero, clock[RunPhase.Disposal]);
        Assert.InRange(clock.Total.Ticks - Enum.GetValues<RunPhase>().Sum(p => clock[p].Ticks), -8, 8);
    }

    [Fact]
    public void AnUncheckedRun_TimesTheWorldAndTheCommandsAlone()
    {
        var clock = new PhaseClock();
        var x = Execution.Run(HarnessConfig.Stage2Default, MapThenUnmap, new RunSettings { Checked = false, Clock = clock });
        x.World.Dispose();

        Assert.True(clock[RunPhase.World] > TimeSpan.Zero);
        Assert.True(clock[RunPhase.Command] > TimeSpan.Zero);
        Assert.All(new[] { RunPhase.Expectation, RunPhase.Postcondition, RunPhase.Scope, RunPhase.Claims, RunPhase.Sweeps }, p => Assert.Equal(TimeSpan.Zero, clock[p]));
    }

    // A seeded bug is found, at the same step, with the clock as without.
    [Fact]
    public void Timing_ChangesNothingTheRunFinds()
    {
        var config = BugTable.HomeOf(Bug.NoTlbiOnBreakBeforeMake);
        Command[] commands = [new Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rwx), new Map(0x4000_0000, 0x1000, 0x4000_0000, Prot.Rw | Prot.Device)];
        var plain = Execution.Run(config, commands);
        var timed = Execution.Run(config, commands, new RunSettings { Clock = new PhaseClock() });
        plain.World.Dispose();
        timed.World.Dispose();

        Assert.NotNull(plain.Violation);
        Assert.Equal(plain.Violation, timed.Violation);
        Assert.Equal(plain.FailedAt, timed.FailedAt);
    }

    [Fact]
    public void AWorkload_TimesDisposalToo_AndAddsUp()
    {
        var workload = Workload.Of(ConfigSpace.Swarm(Layer.Host), new RunOptions(1, 5));
        var (phases, commands) = workload.Phases(new RunSettings(), TimeSpan.Zero);

        Assert.Equal(workload.Run(new RunSettings()), commands);
        Assert.True(phases[RunPhase.Disposal] > TimeSpan.Zero);
        var sum = new PhaseClock();
        sum.Add(phases);
        sum.Add(phases);
        Assert.InRange(sum.Total.Ticks - (2 * phases.Total.Ticks), -2, 2);
    }
}
