namespace Harness.Cli.Tests.Fuzz;

/// <summary>What a checking replay's report (<c>replay FILE --check</c>) says, read from its text.</summary>
public sealed record CheckVerdict(string? Claim, string? Broken, bool BugsOn)
{
    /// <summary>
    /// The claim and line of the report's <c>Broken: CLAIM: WHY</c> (null when all held), and whether its
    /// <c>Configuration:</c> line names deliberate bugs, which a trace's <c># bug:</c> comment switches on.
    /// </summary>
    public static CheckVerdict Of(string report)
    {
        var lines = report.Split('\n');
        var broken = lines.FirstOrDefault(l => l.StartsWith("Broken: ", StringComparison.Ordinal));
        var claim = broken?["Broken: ".Length..].Split(':')[0];
        var bugs = lines.Any(l => l.StartsWith("Configuration: ", StringComparison.Ordinal) && l.Contains("bugs: ", StringComparison.Ordinal));
        return new(claim, broken, bugs);
    }
}
