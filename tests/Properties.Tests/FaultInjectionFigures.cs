using System.Text;
using Harness.Properties.Runner;

namespace Harness.Properties.Tests;

/// <summary>
/// Writes the fault-injection figures of docs/bugs.md: one campaign per configuration of
/// <see cref="FaultInjectionTests.Configurations"/>, same seed and budget as the tests. Explicit, so it
/// runs only when asked for:
/// <c>dotnet test --project tests/Properties.Tests -- --filter-class "*FaultInjectionFigures*" --explicit only</c>.
/// </summary>
public class FaultInjectionFigures(ITestOutputHelper output)
{
    [Fact(Explicit = true)]
    public void WriteFaultInjectionTable()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| configuration | cases | ms | kind | allocations failed | returned -ENOMEM | retry succeeded | recovered (MMIO) | nothing left to retry | left pages unmapped at EL2 |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        var levels = new StringBuilder();
        foreach (var row in FaultInjectionTests.Configurations)
        {
            var (layer, granule, ia, cases, size, _) = row.Data;
            var config = HarnessConfig.For(layer, granule, ia);
            var r = FaultInjectionCampaign.Run(config, new RunOptions(42, cases, size));
            var c = r.Coverage;
            var name = $"{layer.ToString().ToLowerInvariant()} {GranuleText.Format(granule)} ia {ia}";
            foreach (var kind in layer == Layer.Stage2 ? new[] { "map", "set_owner" } : ["fault", "donate"])
            {
                sb.AppendLine($"| {name} | {r.Cases} | {r.Elapsed.TotalMilliseconds:F0} | {kind} | {c[$"{kind}: allocations failed"]} | {c[$"{kind}: returned -ENOMEM"]} | {c[$"{kind}: retry succeeded"]} | {c[$"{kind}: recovered by MMIO recycling"]} | {c[$"{kind}: nothing left to retry"]} | {(kind == "donate" ? c[AllocationPoints.StrandedKey] : 0)} |");
            }
            levels.AppendLine($"- {name}: " + string.Join(", ", c.Counts.Where(kv => kv.Key.StartsWith("failed allocation: ", StringComparison.Ordinal)).Select(kv => $"{kv.Key["failed allocation: ".Length..]} {kv.Value}")));
            if (!r.Passed)
            {
                sb.AppendLine($"| {name} | FAILED | | | | | | | | |");
            }
        }
        sb.AppendLine().AppendLine("Failed allocations by the table they were for:").AppendLine().Append(levels);
        var path = Environment.GetEnvironmentVariable("HARNESS_FAULT_TABLE") ?? Path.Combine(Path.GetTempPath(), "fault-injection-table.md");
        File.WriteAllText(path, sb.ToString());
        output.WriteLine(sb.ToString());
    }
}
