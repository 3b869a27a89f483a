using System.Text;
using Harness.Implementation;
using Harness.Properties.Runner;

namespace Harness.Properties.Tests;

/// <summary>
/// Writes the figures of docs/bugs.md: one campaign per case of <see cref="BugCatchingTests.Cases"/>,
/// same seed and budget as the tests. Explicit, so it runs only when asked for:
/// <c>dotnet test --project tests/Properties.Tests -- --filter-class "*BugFigures*" --explicit only</c>.
/// </summary>
public class BugFigures(ITestOutputHelper output)
{
    [Fact(Explicit = true)]
    public void WriteBugsTable()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| bug | description | layer | caught | tests to failure | shrunk length | minimal length | caught by | seed |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (bug, _, minimal) in BugCatchingTests.Cases)
        {
            var config = BugConfig.For(bug);
            var r = Campaign.Run(config, new RunOptions(42, MaxTests: 200));
            var ce = r.Counterexample;
            var layer = $"{config.Layer.ToString().ToLowerInvariant()} {(1 << (int)config.Granule) / 1024}K ia {config.IaBits}";
            sb.AppendLine(ce is null
                ? $"| {bug} | {BugCatalogue.Describe(bug)} | {layer} | no | - ({r.Tests} tests) | - | {minimal} | - | 42 |"
                : $"| {bug} | {BugCatalogue.Describe(bug)} | {layer} | yes | {ce.TestsToFailure} | {ce.Commands.Count} | {minimal} | {ce.Violation.Claim} | 42 |");
        }
        var path = Environment.GetEnvironmentVariable("HARNESS_BUGS_TABLE") ?? Path.Combine(Path.GetTempPath(), "bugs-table.md");
        File.WriteAllText(path, sb.ToString());
        output.WriteLine(sb.ToString());
    }
}
