using System.Runtime.CompilerServices;
using Harness.Implementation;
using Harness.Properties.Runner;
using Harness.Properties.Tests.Approval;
using Harness.Properties.Trace;

namespace Harness.Properties.Tests.Trace;

/// <summary>Every tests/regressions/*.trace replays (--dump --log) to its approved output.</summary>
public class RegressionTraceTests
{
    public static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    public static string RegressionFolder => RepoPaths.Regressions;

    public static string TracePath(string name) => Path.Combine(RegressionFolder, name + ".trace");

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RegressionFolder, "*.trace").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(f));
        }
        return data;
    }

    // The replay output of a hand-written regression trace, checked by hand against the spec once.
    [Theory]
    [MemberData(nameof(Names))]
    public void Replay_MatchesVerified(string name)
    {
        var trace = TraceParser.Parse(File.ReadAllText(TracePath(name)), out var error);
        Assert.Null(error);
        Approver.VerifyIn(SourceFolder(), $"{nameof(RegressionTraceTests)}.{name}", Replayer.Replay(trace!, dump: true, log: true));
    }

    // Every regression trace passes every postcondition and invariant on the Implementation as it is;
    // one recorded with deliberate bugs ('# bug:') still fails with them on, at its last command.
    [Theory]
    [MemberData(nameof(Names))]
    public void Check_PassesWithoutBugs_FailsWithItsBugs(string name)
    {
        var trace = TraceParser.Parse(File.ReadAllText(TracePath(name)), out _)!;
        var fixedRun = Execution.Run(trace.Config.WithBugs(Bug.None), trace.Commands);
        Assert.True(fixedRun.Violation is null, fixedRun.Violation?.ToString());
        if (trace.Config.Bugs != Bug.None)
        {
            var buggy = Execution.Run(trace.Config, trace.Commands);
            Assert.NotNull(buggy.Violation);
            Assert.Equal(trace.Commands.Count - 1, buggy.FailedAt);
        }
    }

    // At least the ten hand-written cases the brief lists, and the shrunk counterexample of every seeded bug.
    [Fact]
    public void Regressions_AreThere()
    {
        var traces = Names().Select(n => TraceParser.Parse(File.ReadAllText(TracePath(n)), out _)!).ToList();
        Assert.True(traces.Count(t => t.Config.Bugs == Bug.None) >= 10);
        Assert.Equal(BugTable.All.Select(b => b.Bug).Order(), traces.Where(t => t.Config.Bugs != Bug.None).Select(t => t.Config.Bugs).Order());
    }
}
