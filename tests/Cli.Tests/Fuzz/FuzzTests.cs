using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Harness.Properties.Runner;

namespace Harness.Cli.Tests.Fuzz;

/// <summary>
/// Issue 12's fuzz property: the regression traces, mutated (<see cref="TraceMutations"/>), replayed in
/// this process plain, with <c>--dump --log</c> and with <c>--check</c>, end as <see cref="CleanExit"/>
/// says: exit 0 or 2 (1 too with --check), never 70, no stack trace, one clean <c>error: line N: WHY</c>,
/// within a hang guard. <c>HARNESS_TESTS_FACTOR</c> multiplies the number of traces.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class FuzzTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Mutated traces per seed in the default suite; each is replayed in the three modes.</summary>
    private const int Cases = 500;

    private readonly CliRun _files = new();

    public void Dispose() => _files.Dispose();

    // Every mutated trace of the seed ends cleanly in every mode; each mutation kind ran, and both
    // accepted (exit 0) and refused (exit 2) traces occurred. A failure is shown with the fewest of its
    // mutations that still break the same rule.
    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void MutatedRegressionTraces_ExitCleanly(ulong seed)
    {
        var traces = Gen.Sample(TraceMutations.From(Corpus()), RunOptions.Scaled(Cases), new Rnd(seed), 10);
        var path = Path.Combine(_files.Folder, "mutated.trace");
        var tally = new FuzzTally();
        var failures = new Dictionary<string, (MutatedTrace Trace, ReplayMode Mode, FuzzFailure Failure)>();
        foreach (var trace in traces)
        {
            tally.Add(trace);
            foreach (var mode in ReplayMode.All)
            {
                var outcome = Replay(path, trace, mode);
                tally.Add(trace, mode, outcome);
                if (CleanExit.Check(trace, mode, outcome) is { } failure)
                {
                    failures.TryAdd(failure.Class, (trace, mode, failure));
                    if (outcome.TimedOut)
                    {
                        // The hung replay still holds the Console: nothing more can run in this process.
                        Assert.Fail($"seed {seed}: replay {mode} hung on\n{trace}");
                    }
                }
            }
        }
        output.WriteLine($"seed {seed}: {tally}");
        Assert.True(failures.Count == 0, Report(seed, path, failures.Values));
        Assert.All(Enum.GetValues<MutationKind>(), k => Assert.True(tally.Kind(k) > 0, $"no {k} mutation"));
        Assert.True(tally.Mixed > 0, "no trace with several mutations");
        Assert.All(ReplayMode.All, m => Assert.True(tally.Exits(m, 0) > 0 && tally.Exits(m, 2) > 0, $"replay {m}: not both exit 0 and exit 2"));
    }

    /// <summary>The regression corpus, in name order, so that a seed always draws the same traces.</summary>
    private static List<(string Name, string Text)> Corpus() =>
    [
        .. Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "regressions"), "*.trace")
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f).Replace("\r\n", "\n"))),
    ];

    private static ReplayOutcome Replay(string path, MutatedTrace trace, ReplayMode mode)
    {
        File.WriteAllText(path, trace.Text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return FuzzReplay.Run(path, mode);
    }

    /// <summary>One paragraph per class of failure: its rule and output, and its trace cut down to the fewest mutations that still fail the same way.</summary>
    private static string Report(ulong seed, string path, IEnumerable<(MutatedTrace Trace, ReplayMode Mode, FuzzFailure Failure)> failures)
    {
        var sb = new StringBuilder($"seed {seed}: mutated traces that did not end cleanly\n");
        foreach (var (trace, mode, failure) in failures)
        {
            var smallest = trace.Prefixes().First(p => CleanExit.Check(p, mode, Replay(path, p, mode))?.Class == failure.Class);
            sb.Append($"\nreplay {mode}: {failure.Rule}\n  {failure.Detail}\n{smallest}");
        }
        return sb.ToString();
    }
}
