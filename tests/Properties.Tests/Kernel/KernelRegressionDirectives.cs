using Harness.Properties.Backends;

namespace Harness.Properties.Tests.Kernel;

/// <summary>
/// The two comments of a trace in <c>tests/regressions/kernel/</c> (CONTRIBUTING.md, "Promote a case"):
/// <c># fails on: kernel stock</c> names the backends the trace fails on (<c>port</c>, <c>kernel</c>, the
/// profile build, <c>kernel stock</c>; comma-separated), and <c># claim: NAME</c> the claim that breaks at its
/// last command. Other implementations read them as comments.
/// </summary>
internal sealed record KernelRegressionDirectives(IReadOnlyList<BackendChoice> FailsOnBackends, string Claim)
{
    public const string FailsOn = "fails on:";
    public const string ClaimDirective = "claim:";

    /// <summary>The names the <c># fails on:</c> comment accepts.</summary>
    public static IReadOnlyDictionary<string, BackendChoice> Backends { get; } = new Dictionary<string, BackendChoice>(StringComparer.Ordinal)
    {
        ["port"] = BackendChoice.Port,
        ["kernel"] = BackendChoice.Kernel,
        ["kernel stock"] = BackendChoice.Kernel with { Stock = true },
    };

    /// <summary>The directives of <paramref name="text"/>, or null with why when one is missing or names an unknown backend.</summary>
    public static KernelRegressionDirectives? Parse(string text, out string? error)
    {
        string? failsOn = null, claim = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith('#'))
            {
                continue;
            }
            var comment = line[1..].Trim();
            if (comment.StartsWith(FailsOn, StringComparison.Ordinal))
            {
                failsOn = comment[FailsOn.Length..].Trim();
            }
            else if (comment.StartsWith(ClaimDirective, StringComparison.Ordinal))
            {
                claim = comment[ClaimDirective.Length..].Trim();
            }
        }
        if (failsOn is null || claim is null)
        {
            error = $"a kernel regression trace needs both a '# {FailsOn}' and a '# {ClaimDirective}' comment";
            return null;
        }
        var backends = new List<BackendChoice>();
        foreach (var name in failsOn.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Backends.TryGetValue(name, out var b))
            {
                error = $"'# {FailsOn}' names '{name}'; use {string.Join(", ", Backends.Keys.Select(k => $"'{k}'"))}";
                return null;
            }
            backends.Add(b);
        }
        error = null;
        return new KernelRegressionDirectives(backends, claim);
    }
}
