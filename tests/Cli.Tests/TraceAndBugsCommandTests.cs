namespace Harness.Cli.Tests;

/// <summary><c>harness trace</c>, <c>harness bugs</c> and <c>harness faults</c>.</summary>
public sealed class TraceAndBugsCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    // The same seed writes the same trace, which replays; another seed writes another.
    [Fact]
    public void Trace_SameSeedSameTrace_AndItReplays()
    {
        var (exit, first, _) = _cli.Run("trace", "--seed", "3", "--steps", "6", "--layer", "host", "--granule", "16k");
        Assert.Equal(0, exit);
        Assert.Equal(first, _cli.Run("trace", "--seed", "3", "--steps", "6", "--layer", "host", "--granule", "16k").Out);
        Assert.NotEqual(first, _cli.Run("trace", "--seed", "4", "--steps", "6", "--layer", "host", "--granule", "16k").Out);
        Assert.Contains("layer host\n", first);
        Assert.Contains("granule 16k\n", first);
        var (replayExit, replay, _) = _cli.Run("replay", _cli.Write("t.trace", first));
        Assert.Equal(0, replayExit);
        Assert.Equal(6, replay.Split('\n').Count(l => l.StartsWith("> ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Bugs_Markdown_OneRowPerBug()
    {
        var (exit, output, err) = _cli.Run("bugs", "--bug", "WalkEndOffByOne", "--bug", "RootTailRefcount", "--seeds", "2", "--markdown");
        Assert.Equal(0, exit);
        Assert.Contains("| WalkEndOffByOne | stage2 4k ia 40 | yes |", output);
        Assert.Contains("| RootTailRefcount | stage2 4k ia 40 | yes |", output);
        Assert.Contains("| 1 | refcount consistency |", output);
        Assert.Equal("WalkEndOffByOne: caught by 2 of 2 seeds\nRootTailRefcount: caught by 2 of 2 seeds\n", err);
    }

    // Into a file or a CI log (no terminal), the table is as wide as its content: no cell is wrapped mid-word, no colour code.
    [Fact]
    public void Bugs_Redirected_TableNotWrapped()
    {
        var (exit, output, _) = _cli.Run("bugs", "--bug", "UnmapKeepsFreedTableLinked", "--seeds", "1");
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length); // the caption, the table's top, header, rule, one row, bottom
        Assert.Matches(@"^│ bug +│ where +│ caught │ tests to failure │ find \+ shrink │ shrunk length │ shortest possible │ caught by +│$", lines[2]);
        Assert.Matches(@"^│ UnmapKeepsFreedTableLinked │ stage2 4k ia 40 │ yes +│ ", lines[4]);
        Assert.DoesNotContain("\u001b", output);
    }

    [Fact]
    public void Bugs_UnknownBug_Exit2()
    {
        var (exit, _, err) = _cli.Run("bugs", "--bug", "Nope");
        Assert.Equal(2, exit);
        Assert.StartsWith("error: unknown bug 'Nope'; use one of RefcountValidOnly, ", err);
    }

    // The fault-injection campaign: figures as Markdown rows, exit 0 on the correct Implementation.
    [Fact]
    public void Faults_Markdown_RowsPerKind()
    {
        var (exit, output, _) = _cli.Run("faults", "--layer", "stage2", "--cases", "20", "--size", "5", "--markdown");
        Assert.Equal(0, exit);
        Assert.Contains("| stage2 swarm | 20 | map | ", output);
        Assert.Contains("| stage2 swarm | 20 | set_owner | ", output);
    }
}
