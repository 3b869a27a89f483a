namespace Harness.Cli.Tests;

/// <summary><c>harness bench</c>: every line it promises, with a rate, and one clear line for bad options.</summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void EveryModeOfEachLayer_GetsARate()
    {
        // A tiny workload and no kernel tree: the port's lines measured, the kernel's said to be missing.
        var (exit, output, err) = _cli.Run("bench", "--seconds", "0.01", "--tests", "3", "--campaign-tests", "5", "--kernel-tree", Path.Combine(_cli.Folder, "no-tree"));

        Assert.Equal(0, exit);
        Assert.Equal("", err);
        foreach (var layer in new[] { "stage2", "host" })
        {
            Assert.Matches($@"\n{layer}: 3 tests, \d+ commands\n", output);
        }
        Assert.Equal(2, Count(output, @"  unchecked, port: \d+ commands/s\n"));
        Assert.Equal(2, Count(output, @"  checked without the claims \(shadow, model, postconditions\), port: \d+ commands/s \(\d+\.\d\d of unchecked\)\n"));
        Assert.Equal(2, Count(output, @"  checked, sweep every 64, port: \d+ commands/s \(\d+\.\d\d of unchecked\)\n"));
        Assert.Equal(2, Count(output, @"  checked, paranoid \(sweep after every command\), port: \d+ commands/s \(\d+\.\d\d of unchecked\)\n"));
        Assert.Equal(2, Count(output, @"  unchecked, kernel backend: not measured: the kernel backend is not available: no kernel tree at .*\n"));
        Assert.Matches(@"\n  campaign, one job, generation and every check, 5 tests per layer, first run in its process: \d+ commands/s\n  the same campaign again, on compiled code \(the rate per core\): \d+ commands/s\n$", output);
    }

    // The campaign line (target 3's rate per core) can be left out; the rest is measured as ever.
    [Fact]
    public void CampaignLeftOut_SaysSo()
    {
        var (exit, output, err) = _cli.Run("bench", "--seconds", "0.01", "--tests", "3", "--campaign-tests", "0", "--layer", "stage2", "--kernel-tree", Path.Combine(_cli.Folder, "no-tree"));

        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.Contains("  checked, sweep every 64, port: ", output);
        Assert.EndsWith("  campaign, one job: not measured: --campaign-tests 0\n", output);
    }

    [Fact]
    public void OneModeOfOneLayer_ForAProfiler()
    {
        var (exit, output, err) = _cli.Run("bench", "--seconds", "0.01", "--tests", "3", "--layer", "host", "--mode", "checked");

        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.Matches(@"\nhost: 3 tests, \d+ commands\n  checked, sweep every 64, port: \d+ commands/s\n$", output);
    }

    // Where the time goes: a row per granule the workload holds and one for all, each checked row's phases
    // adding up to its checked time (the printed figures are rounded to 0.01 us).
    [Fact]
    public void Phases_ARowPerGranule_PhasesAddUpToTheCheckedTime()
    {
        var (exit, output, err) = _cli.Run("bench", "--seconds", "0.01", "--tests", "12", "--layer", "stage2", "--mode", "phases");

        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.Contains("\n  | granule | commands | unchecked | checked | of unchecked | world (unchecked) | expectation | command (unchecked) | postcondition | scope | claims | sweeps | disposal (unchecked) |\n", output);
        var rows = System.Text.RegularExpressions.Regex.Matches(output, @"\n  \| (4k|16k|64k|all) \| (\d+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|((?: [\d.]+(?: \([\d.]+\))? \|){8})");
        Assert.True(rows.Count >= 2, output);
        Assert.Equal("all", rows[^1].Groups[1].Value);
        Assert.Equal(rows.SkipLast(1).Sum(r => long.Parse(r.Groups[2].Value)), long.Parse(rows[^1].Groups[2].Value));
        foreach (System.Text.RegularExpressions.Match row in rows)
        {
            var phases = System.Text.RegularExpressions.Regex.Matches(row.Groups[6].Value, @" ([\d.]+)(?: \(([\d.]+)\))? \|").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var checkedTime = double.Parse(row.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(8, phases.Count);
            Assert.InRange(phases.Sum(), checkedTime - 0.05, checkedTime + 0.05);
            Assert.All(phases, p => Assert.True(p >= 0));
            Assert.True(phases[2] > 0, $"the command phase of {row.Value}");
        }
    }

    [Fact]
    public void UnknownMode_OneLine_Exit2()
    {
        var (exit, output, err) = _cli.Run("bench", "--mode", "fast");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("error: Argument 'fast' not recognized. Must be one of: 'all' 'unchecked' 'bare' 'checked' 'paranoid' 'kernel' 'campaign' 'phases'", err);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("--seconds", "0")]
    [InlineData("--seconds", "601")]
    [InlineData("--tests", "0")]
    [InlineData("--tests", "50001")]
    [InlineData("--campaign-tests", "-1")]
    [InlineData("--campaign-tests", "50001")]
    public void BadOption_OneLine_NonZeroExit(string option, string value)
    {
        var (exit, output, err) = _cli.Run("bench", option, value);

        Assert.NotEqual(0, exit);
        Assert.Equal("", output);
        Assert.Equal("error: --seconds must be above 0 and at most 600, --tests 1 to 50000, and --campaign-tests 0 to 50000\n", err);
    }

    // Unchecked and checked are measured first and last; the faster of the two is printed, and a
    // measurement beats a line that says none was made.
    [Theory]
    [InlineData("  checked, port: 90 commands/s", "  checked, port: 120 commands/s", "  checked, port: 120 commands/s")]
    [InlineData("  checked, port: 120 commands/s", "  checked, port: 90 commands/s", "  checked, port: 120 commands/s")]
    [InlineData("  checked: not measured: gone", "  checked, port: 90 commands/s", "  checked, port: 90 commands/s")]
    [InlineData("  checked, port: 90 commands/s", "  checked: not measured: gone", "  checked, port: 90 commands/s")]
    [InlineData("  checked: not measured: first", "  checked: not measured: second", "  checked: not measured: first")]
    public void Better_KeepsTheFasterMeasurement(string first, string second, string expected) =>
        Assert.Equal(expected, BenchCommand.Better(first, second));

    private static int Count(string text, string pattern) => System.Text.RegularExpressions.Regex.Matches(text, pattern).Count;
}
