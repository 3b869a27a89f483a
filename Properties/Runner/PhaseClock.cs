using System.Diagnostics;

namespace Harness.Properties.Runner;

/// <summary>
/// Where a run's time goes, phase by phase (<c>harness bench --mode phases</c>): <see cref="Execution"/>
/// adds the time of each phase of each command, and of the world's creation, sweeps and disposal, when
/// its settings carry a clock. Two readings of the clock per phase cost about as much as a small
/// command's claims, so a run is timed this way only to see the split; its rate is measured without.
/// </summary>
public sealed class PhaseClock
{
    private readonly long[] _ticks = new long[Enum.GetValues<RunPhase>().Length];

    /// <summary>Now, to start a phase of a run timed by <paramref name="clock"/>; 0, without reading the time, when the run is not timed.</summary>
    public static long Start(PhaseClock? clock) => clock is null ? 0 : Stopwatch.GetTimestamp();

    /// <summary>Ends the phase that began at <paramref name="since"/>, adds its time to <paramref name="phase"/>, and returns now, when the next phase begins.</summary>
    public long Lap(RunPhase phase, long since)
    {
        var now = Stopwatch.GetTimestamp();
        _ticks[(int)phase] += now - since;
        return now;
    }

    /// <summary>The time spent in <paramref name="phase"/> so far.</summary>
    public TimeSpan this[RunPhase phase] => Stopwatch.GetElapsedTime(0, _ticks[(int)phase]);

    /// <summary>The time of every phase together.</summary>
    public TimeSpan Total => Stopwatch.GetElapsedTime(0, _ticks.Sum());

    /// <summary>Adds <paramref name="other"/>'s times to these.</summary>
    public void Add(PhaseClock other)
    {
        for (var i = 0; i < _ticks.Length; i++)
        {
            _ticks[i] += other._ticks[i];
        }
    }
}
