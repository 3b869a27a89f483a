using Harness.Implementation;
using Harness.Properties.Runner;
using Harness.Properties.Trace;

namespace Harness.Properties.Tests.Trace;

/// <summary>The <c># bug: NAME</c> comment: read by the parser, written by the writer, ignored by the replay output.</summary>
public class BugDirectiveTests
{
    private const string Trace = "harness-trace 1\n# bug: RefcountValidOnly, NoPutOnValidUpdate\nset_owner 0x40000000 0x1000 1\n";

    [Fact]
    public void Parser_ReadsTheBugsIntoTheConfiguration() =>
        Assert.Equal(Bug.RefcountValidOnly | Bug.NoPutOnValidUpdate, TraceParser.Parse(Trace, out _)!.Config.Bugs);

    [Fact]
    public void OtherComments_SwitchNothingOn() =>
        Assert.Equal(Bug.None, TraceParser.Parse("harness-trace 1\n# a bug: RefcountValidOnly\n# bugs: RefcountValidOnly\n", out _)!.Config.Bugs);

    // Written from a configuration with bugs and parsed back, the bugs survive.
    [Fact]
    public void Writer_RoundTripsTheBugs()
    {
        var config = HarnessConfig.Stage2Default.WithBugs(Bug.UnmapSkipsAnnotations | Bug.WalkEndOffByOne);
        var text = TraceWriter.Write(TraceFile.Of(config, []));
        Assert.Contains("# bug: UnmapSkipsAnnotations, WalkEndOffByOne\n", text);
        Assert.Equal(config.Bugs, TraceParser.Parse(text, out _)!.Config.Bugs);
    }

    // The replay output is the spec's behaviour: the same with or without the comment.
    [Fact]
    public void Replay_IgnoresTheBugs()
    {
        var withBugs = Replayer.Replay(TraceParser.Parse(Trace, out _)!, dump: true, log: true);
        var without = Replayer.Replay(TraceParser.Parse(Trace.Replace("# bug:", "# was:"), out _)!, dump: true, log: true);
        Assert.Equal(without, withBugs);
    }

    // A checking run of the parsed trace switches them on: the annotation takes no reference.
    [Fact]
    public void CheckingRun_UsesTheBugs()
    {
        var trace = TraceParser.Parse(Trace, out _)!;
        Assert.Equal("refcount consistency", Execution.Run(trace.Config, trace.Commands).Violation?.Claim);
        Assert.Null(Execution.Run(trace.Config.WithBugs(Bug.None), trace.Commands).Violation);
    }
}
