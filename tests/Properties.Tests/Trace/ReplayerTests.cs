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

    // v5.13's pool order (spec 3.1): 2 pages give free lists of order 0 only, so the 2-page root of a
    // 4K 40-bit table cannot be had; with fix pool-max-order it can, and the map needs a table it lacks.
    [Theory]
    [InlineData("", "= -EINVAL\npool used=0\n")]
    [InlineData("fix pool-max-order\n", "= -ENOMEM\nroot 0 rc=1\nroot 1 rc=1\npool used=2\n")]
    public void TwoPagePool_RootDependsOnTheOrderRule(string fix, string expected)
    {
        var trace = TraceParser.Parse($"harness-trace 1\n{fix}pool 2\nmap 0x0 0x1000 0x0 r\n", out _)!;
        Assert.Equal($"> map 0x0 0x1000 0x0 r\n{expected}end\n", Replayer.Replay(trace, dump: true, log: false));
    }

    // v5.13 annotates an aligned 2 MiB range with one level-2 descriptor; fix page-sized-annotations with 512 pages.
    [Theory]
    [InlineData("", 1)]
    [InlineData("fix page-sized-annotations\n", 512)]
    public void SetOwnerOfABlock_AnnotationSizeFollowsTheFix(string fix, int annotations)
    {
        var trace = TraceParser.Parse($"harness-trace 1\n{fix}set_owner 0x40000000 0x200000 1\n", out _)!;
        var output = Replayer.Replay(trace, dump: true, log: false);
        Assert.Equal(annotations, output.Split('\n').Count(l => l.EndsWith(" invalid 0x0100000000000000", StringComparison.Ordinal)));
    }

    // The replay streams: a long trace's output is written as it goes, never held whole.
    [Fact]
    public void LongTrace_IsWrittenAsItGoes()
    {
        var commands = Enumerable.Range(0, 20_000).Select(i => (Commands.Command)new Commands.Map(0x4000_0000 + ((ulong)(i % 64) << 12), 0x1000, 0x4000_0000 + ((ulong)(i % 64) << 12), Prot.Rwx));
        var lines = new CountingWriter();
        Assert.Null(Replayer.Replay(HarnessConfig.Stage2Default with { Fixes = Fix.None }, commands, lines, dump: true, log: true));
        Assert.Equal(20_000, lines.Prompts);
        Assert.True(lines.Largest < 4096, $"one write of {lines.Largest} characters");
    }

    /// <summary>Counts the command lines written and the largest single write.</summary>
    private sealed class CountingWriter : TextWriter
    {
        public int Prompts { get; private set; }

        public int Largest { get; private set; }

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(string? value)
        {
            Largest = Math.Max(Largest, value?.Length ?? 0);
            Prompts += value?.StartsWith("> ", StringComparison.Ordinal) == true ? 1 : 0;
        }

        public override void Write(char value) => Largest = Math.Max(Largest, 1);
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
