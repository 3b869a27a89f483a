using Harness.Implementation;
using Harness.Properties.Backends;
using Harness.Properties.Invariants;
using Harness.Properties.Oracle;
using Harness.Properties.Runner;
using Harness.Properties.Trace;

namespace Harness.Properties.Tests.Kernel;

/// <summary>
/// The four known defects of the kernel's own v5.13 files, as campaigns on the kernel backend find them:
/// where each acts (configuration, build), the claim that catches it, the seed that finds it, and the
/// length of its shrunk counterexample with the reason no shorter sequence can show it (as
/// <see cref="BugTable"/> does for the port's seeded bugs). Each shrunk case is also a regression trace
/// under <c>tests/regressions/kernel/</c>.
/// </summary>
internal static class KernelDefects
{
    /// <param name="Name">The regression trace's and the approved report's name.</param>
    /// <param name="Description">What the defect is and where upstream fixed it.</param>
    /// <param name="Config">The configuration the campaign is fixed to.</param>
    /// <param name="Stock">True when it needs the stock build (the tree without the profile's three fixes).</param>
    /// <param name="Claim">The claim that catches it.</param>
    /// <param name="Minimal">The length of the shortest command sequence that can show it.</param>
    /// <param name="WhyMinimal">Why no shorter sequence can.</param>
    /// <param name="Seed">A seed whose 200-test campaign finds it.</param>
    /// <param name="PortAgrees">True when the port keeps the same v5.13 behaviour, so the shrunk case fails there too.</param>
    public sealed record Defect(string Name, string Description, HarnessConfig Config, bool Stock, string Claim, int Minimal, string WhyMinimal, ulong Seed, bool PortAgrees = false)
    {
        public BackendChoice Backend => BackendChoice.Kernel with { Stock = Stock };

        /// <summary>The backends the shrunk case fails on, as the trace's <c># fails on:</c> comment names them.</summary>
        public string FailsOn => (Stock ? "kernel stock" : "kernel") + (PortAgrees ? ", port" : "");
    }

    public static IReadOnlyList<Defect> All { get; } =
    [
        // Plain v5.13 (no page-sized-annotations fix), profile build: a block annotation split or cleared by a
        // later command hands the rest of its block back to the host (spec 5.3.3). The port mirrors v5.13 here.
        new("v513-block-annotations",
            "v5.13 writes owner annotations as blocks; splitting one hands the rest of the block back to the host (page-sized from v5.15)",
            HarnessConfig.Stage2Default with { Fixes = Fix.None }, Stock: false, new OwnershipAgreesWithModel().Name, 2,
            "a set_owner must first write the block annotation that a later command over one of its pages splits",
            42, PortAgrees: true),

        // Stock build, a 4-page concatenated root (4K, ia 32): the tail root pages start one reference low
        // (spec 3.3; "Fix host stage-2 PGD refcount", v5.15).
        new("stock-tail-root-refcount",
            "the tail pages of a concatenated root start at refcount 0, not 1 (fixed in v5.15)",
            HarnessConfig.Stage2Default with { IaBits = 32 }, Stock: true, Claims.RefcountConsistency, 1,
            "the counts are wrong from the table's creation, and the claims are checked after each command: any one command shows it",
            42),

        // Stock build, a one-page root (4K, ia 36, so the tail-root defect cannot act first): unmap removes an
        // emptied table with the table's level as TLBI hint (spec 5.5; fixed in v6.9).
        new("stock-table-tlbi-level-hint",
            "unmap invalidates a removed table with its level as TLBI hint, which covers leaves only (fixed in v6.9)",
            HarnessConfig.Stage2Default with { IaBits = 36 }, Stock: true, new BreakBeforeMake().Name, 2,
            "a map must first create the table that an unmap then empties and removes; a map never removes a table through unmap's path",
            42),

        // Stock build, host layer with a one-page root (4K, ia 36): the donation's region check looks up END
        // instead of END - 1 (spec 6.3; "Fix off-by-one in range_is_memory", v5.14).
        new("stock-range-is-memory",
            "the donation's region check looks up end, not end - 1 (fixed in v5.14)",
            HarnessConfig.HostDefault with { IaBits = 36 }, Stock: true, BugTable.Result, 1,
            "one donation whose end and end - 1 lie in different windows is answered differently",
            42),
    ];

    public static Defect For(string name) => All.Single(d => d.Name == name);

    /// <summary><c>tests/regressions/kernel/&lt;name&gt;.trace</c>.</summary>
    public static string TracePath(Defect d) => Path.Combine(RepoPaths.KernelRegressions, d.Name + ".trace");

    /// <summary>
    /// The regression trace of a shrunk counterexample: the counterexample's trace with, after the version
    /// line, what it pins, the <c># fails on:</c> and <c># claim:</c> comments the kernel regression test
    /// reads (CONTRIBUTING.md), and the line that replays it.
    /// </summary>
    public static string RegressionText(Defect d, Counterexample ce)
    {
        var text = CounterexampleTrace.Text(ce);
        var afterVersion = text.IndexOf('\n', StringComparison.Ordinal) + 1;
        var passes = d.PortAgrees ? "the port keeps the same v5.13 behaviour and fails alike" : "passes every check on the port and on the kernel's profile build";
        var replay = $"dotnet run --project Cli -- replay tests/regressions/kernel/{d.Name}.trace --check --backend kernel{(d.Stock ? " --stock" : "")}";
        string[] preface =
        [
            $"# kernel regression: {d.Description}",
            $"# {KernelRegressionDirectives.FailsOn} {d.FailsOn}",
            $"# {KernelRegressionDirectives.ClaimDirective} {d.Claim}",
            $"# it fails at its last command; {passes}",
            $"# replay: {replay}",
        ];
        return text[..afterVersion] + string.Join("", preface.Select(l => l + "\n")) + text[afterVersion..];
    }
}
