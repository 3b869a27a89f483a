using System.Diagnostics;

namespace Harness.Cli.Tests.Fuzz;

/// <summary>
/// Replays a trace file in this process (<see cref="InProcess"/>) in one <see cref="ReplayMode"/>, on a
/// task of its own so that a replay that hangs or runs for minutes is reported instead of stalling the
/// run. The budget is a hang guard, not a speed claim: mutated corpus traces replay in well under a
/// second; the costliest trace the configuration limit allows (every descriptor of a 32 MiB pool written,
/// then unmapped, docs/trace-notes.md) takes about 11 s with --check in a Debug build on 2 cores, and the
/// budget leaves room for that on a slower machine, while a replay that runs for minutes still trips it.
/// </summary>
public static class FuzzReplay
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The outcome of <c>replay <paramref name="path"/></c> with <paramref name="mode"/>'s options. When it
    /// times out the replay keeps running on its task, still holding the Console: the caller must stop.
    /// </summary>
    public static ReplayOutcome Run(string path, ReplayMode mode)
    {
        var stdout = new OutputSample();
        var replay = Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var (exit, _, err) = InProcess.Run(stdout, null, ["replay", path, .. mode.Options]);
            return new ReplayOutcome(exit, err, stdout, clock.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before);
        });
        return replay.Wait(Budget) ? replay.Result : new ReplayOutcome(null, "", stdout, Budget, 0);
    }
}
