using Harness.Implementation;
using Harness.Properties.Runner;
using Harness.Properties.Trace;

namespace Harness.Properties.Tests.Trace;

public class ReplayerTests
{
    // The example of trace-format.md section 3, replayed with --dump, byte for byte.
    [Fact]
    public void SpecExample_Dump_MatchesByteForByte()
    {
        const string trace = "harness-trace 1\ngranule 4k\nia 40\nlayer stage2\npool 16\nmap 0x40000000 0x200000 0x40000000 rwx\nset_owner 0x40001000 0x1000 1\n";
        const string expected = """
            > map 0x40000000 0x200000 0x40000000 rwx
            = 0
            root 0 rc=2
              L1 0x0000000040000000 table rc=2
                L2 0x0000000040000000 leaf 0x00000000400007fd
            root 1 rc=1
            pool used=3
            > set_owner 0x40001000 0x1000 0x1
            = 0
            root 0 rc=2
              L1 0x0000000040000000 table rc=2
                L2 0x0000000040000000 table rc=2
                  L3 0x0000000040001000 invalid 0x0100000000000000
            root 1 rc=1
            pool used=4
            end

            """;
        Assert.Equal(expected.Replace("\r\n", "\n"), Replayer.Replay(TraceParser.Parse(trace, out _)!, dump: true, log: false));
    }

    // A pool that cannot supply the root makes every command answer -EINVAL (section 1, spec 1.5).
    [Fact]
    public void PoolTooSmallForRoot_EveryCommandIsEinval()
    {
        var trace = TraceParser.Parse("harness-trace 1\npool 1\nmap 0x0 0x1000 0x0 r\nfail_alloc 1\n", out _)!;
        Assert.Equal("> map 0x0 0x1000 0x0 r\n= -EINVAL\npool used=0\n> fail_alloc 0x1\n= 0\npool used=0\nend\n", Replayer.Replay(trace, dump: true, log: true));
    }

    // A shrunk counterexample, written as a trace (its bug in a '# bug:' comment) and parsed back, fails again with the same claim.
    [Fact]
    public void ShrunkCounterexample_TraceReplaysToSameFailure()
    {
        var config = HarnessConfig.Stage2Default.WithBugs(Bug.RefcountValidOnly);
        var ce = Campaign.Run(config, new RunOptions(Seed: 1)).Counterexample;
        Assert.NotNull(ce);
        var parsed = TraceParser.Parse(CounterexampleTrace.Text(ce), out var error);
        Assert.Null(error);
        var again = Execution.Run(parsed!.Config, parsed.Commands);
        Assert.Equal(ce.Violation, again.Violation);
    }
}
