using System.Text.RegularExpressions;

namespace Harness.Cli.Tests.Fuzz;

/// <summary>A replay that broke the fuzz property: the rule it broke, and what it printed.</summary>
public sealed partial record FuzzFailure(string Rule, string Detail)
{
    /// <summary>The rule and the detail with numbers and quoted tokens blanked: failures of one class share it.</summary>
    public string Class => $"{Rule}: {Varying().Replace(Detail, "_")}";

    [GeneratedRegex(@"'[^']*'|0x[0-9a-fA-F]+|\d+")]
    private static partial Regex Varying();
}
