using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Harness.Properties;
using Harness.Properties.Runner;
using Harness.Properties.Trace;

namespace Harness.Cli;

/// <summary>
/// <c>soak --minutes M</c>: campaigns of both layers, one round after another with a new seed each, until
/// the time (or <c>--commands</c>) is used up; a progress line every <c>--progress</c> seconds with the
/// commands run, commands per second, coverage labels reached, resident memory and the live heap. It ends
/// with both after the first minute and at the end, which a long run must keep level, and stops at the
/// first counterexample (exit 1), reported as a campaign reports it.
/// </summary>
/// <remarks>
/// Resident memory moves with the collector's timing (garbage not yet collected counts, and memory the
/// collector freed stays committed for a while). So each line also gives resident memory settled: after a
/// full, compacting collection that hands free memory back to the system; that, and the live heap, are
/// what a leak would make grow, and what the first minute and the end compare. The collection is forced
/// only when a line is printed and at the first minute, a few times a minute at most.
/// </remarks>
internal static class SoakCommand
{
    /// <summary>
    /// Tests per layer in one round: a shard (<see cref="CampaignShards.TestsPerShard"/>) for each job, so
    /// every job has one; a round takes a second or two.
    /// </summary>
    private static int TestsPerRound(int jobs) => CampaignShards.TestsPerShard * jobs;

    public static Command Create()
    {
        var minutes = new Option<double>("--minutes") { Description = "How long to run.", DefaultValueFactory = _ => 1 };
        var commands = new Option<long>("--commands") { Description = "Stop after this many commands (0: no limit)." };
        var seed = CliOptions.Seed(CampaignCommand.DefaultSeed);
        var jobs = new Option<int?>("--jobs") { Description = "Shards (a thousand tests each) run at once, one per job in every round; one per core when not given." };
        var progress = new Option<double>("--progress") { Description = "Seconds between progress lines.", DefaultValueFactory = _ => 10 };
        var backend = new BackendOptions();
        var command = new Command("soak", "Run campaigns round after round for a time, printing throughput, coverage growth and memory.") { minutes, commands, seed, jobs, progress };
        backend.AddTo(command);
        command.SetAction(p => backend.Parse(p, out var error) is { } choice
            ? Run(p.GetValue(minutes), p.GetValue(commands), p.GetValue(seed), p.GetValue(jobs) ?? Environment.ProcessorCount, p.GetValue(progress), choice)
            : CliError.Report(error!));
        return command;
    }

    private static int Run(double minutes, long maxCommands, ulong seed, int jobs, double progressSeconds, Properties.Backends.BackendChoice backend)
    {
        if (!(minutes is > 0 and <= 10_080) || maxCommands < 0 || !(progressSeconds is > 0 and <= 86_400))
        {
            return CliError.Report("--minutes must be above 0 and at most a week (10080), --commands 0 or more, --progress above 0");
        }
        if (CliOptions.JobsOutOfRange(jobs) is { } badJobs)
        {
            return CliError.Report(badJobs);
        }
        var limit = TimeSpan.FromMinutes(minutes);
        var interval = TimeSpan.FromSeconds(progressSeconds);
        var coverage = new Coverage();
        var clock = Stopwatch.StartNew();
        var nextLine = interval;
        long total = 0;
        (long Rss, long Live)? firstMinute = null;
        var peak = 0L;
        Console.WriteLine($"soak: seed {seed} onward, {TestsPerRound(jobs)} tests per layer per round, {jobs} job(s), backend {backend}, for {minutes.ToString(CultureInfo.InvariantCulture)} minute(s){(maxCommands > 0 ? $" or {maxCommands} commands" : "")}");
        for (var round = 0UL; clock.Elapsed < limit && (maxCommands == 0 || total < maxCommands); round++)
        {
            foreach (var layer in new[] { Layer.Stage2, Layer.Host })
            {
                var space = ConfigSpace.Swarm(layer);
                var options = new RunOptions(seed + round, TestsPerRound(jobs)) { Backend = backend };
                CampaignResult result;
                try
                {
                    result = CampaignShards.Run(space, options, jobs, new CampaignHooks { Store = FailureStore.For(options.Backend) }).Merged;
                }
                catch (ArgumentException ex)
                {
                    return CliError.Report(CliError.Reason(ex));
                }
                total += result.Commands;
                var before = coverage.Counts.Count;
                coverage.AddFrom(result.Coverage);
                if (result.Counterexample is not null)
                {
                    CampaignCommand.PrintCounterexample(result, space);
                    return 1;
                }
                var rss = Environment.WorkingSet;
                peak = Math.Max(peak, rss);
                var atFirstMinute = firstMinute is null && clock.Elapsed >= TimeSpan.FromMinutes(1);
                var printing = clock.Elapsed >= nextLine;
                if (!atFirstMinute && !printing)
                {
                    continue;
                }
                var (settled, live) = Settle();
                if (atFirstMinute)
                {
                    firstMinute = (settled, live);
                }
                if (printing)
                {
                    nextLine = clock.Elapsed + interval;
                    Console.WriteLine(Progress(total, clock.Elapsed, coverage.Counts.Count, coverage.Counts.Count - before, rss, settled, peak, live));
                }
            }
        }
        var end = Environment.WorkingSet;
        peak = Math.Max(peak, end);
        var (endSettled, endLive) = Settle();
        Console.WriteLine(Progress(total, clock.Elapsed, coverage.Counts.Count, 0, end, endSettled, peak, endLive));
        Console.WriteLine(firstMinute is var (firstSettled, firstLive)
            ? $"soak: resident memory settled {Mb(firstSettled)} after the first minute, {Mb(endSettled)} at the end (peak {Mb(peak)}); live heap {Mb(firstLive)} after the first minute, {Mb(endLive)} at the end; no counterexample"
            : $"soak: resident memory settled {Mb(endSettled)} at the end (peak {Mb(peak)}), live heap {Mb(endLive)}; the run was shorter than a minute; no counterexample");
        return 0;
    }

    /// <summary>Resident memory and the live heap after a full, compacting collection that gives free memory back to the system.</summary>
    private static (long Resident, long Live) Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return (Environment.WorkingSet, GC.GetTotalMemory(forceFullCollection: false));
    }

    private static string Progress(long commands, TimeSpan elapsed, int labels, int newLabels, long rss, long settled, long peak, long live) =>
        string.Create(CultureInfo.InvariantCulture,
            $"soak: {commands} commands, {elapsed.TotalSeconds:0} s, {commands / Math.Max(elapsed.TotalSeconds, 1e-9):0} commands/s, {labels} coverage labels ({newLabels:+0;-0;+0} this round), resident {Mb(rss)} ({Mb(settled)} settled), peak {Mb(peak)}, live heap {Mb(live)}");

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0} MB");
}
