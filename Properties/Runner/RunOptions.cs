using Harness.Properties.Backends;

namespace Harness.Properties.Runner;

/// <summary>
/// How long a campaign runs and from where: the seed fixes every generated test (configuration and
/// commands), so the same seed, test count and size give the same run everywhere; and how it checks.
/// </summary>
public sealed record RunOptions(ulong Seed, int MaxTests = 200, int MaxCommands = 60)
{
    public BackendChoice Backend { get; init; } = BackendChoice.Port;

    public int FullCheckEvery { get; init; } = RunSettings.DefaultFullCheckEvery;

    public bool Paranoid { get; init; }

    /// <summary>The execution settings these options give, with <paramref name="coverage"/> counting.</summary>
    public RunSettings Settings(Coverage? coverage = null) =>
        new() { Backend = Backend, FullCheckEvery = FullCheckEvery, Paranoid = Paranoid, Coverage = coverage };

    /// <summary>
    /// Multiplies a test's default count by <c>HARNESS_TESTS_FACTOR</c> (e.g. 50 for a long CI campaign);
    /// 1 when unset or not a positive number.
    /// </summary>
    public static int Scaled(int tests)
    {
        var text = Environment.GetEnvironmentVariable("HARNESS_TESTS_FACTOR");
        return int.TryParse(text, out var factor) && factor > 0 ? tests * factor : tests;
    }
}
