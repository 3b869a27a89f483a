using System.Runtime.CompilerServices;
using Harness.Implementation;
using Harness.Properties.Backends;
using Harness.Properties.Report;
using Harness.Properties.Runner;
using Harness.Properties.Tests.Approval;

namespace Harness.Properties.Tests.Kernel;

/// <summary>
/// Real bugs in real code: a campaign on the kernel backend, in the configuration and build where each of
/// the four known v5.13 defects acts (<see cref="KernelDefects"/>), finds it by its claim and shrinks it to
/// its minimal length; the report is approved in <c>DefectReports/</c> and the shrunk case is the defect's
/// regression trace in <c>tests/regressions/kernel/</c>. The same case passes where the defect is fixed.
/// </summary>
public class KernelDefectTests(ITestOutputHelper output)
{
    public static TheoryData<string> Names() => [.. KernelDefects.All.Select(d => d.Name)];

    // Each defect, found on the kernel's own code (see the table's comment on each row for what it shows):
    // caught by its claim, shrunk to its minimal length, the report and the regression trace approved.
    // Where the defect is fixed (the port and the profile build; for the block annotations, the
    // page-sized-annotations fix on both backends) the shrunk case passes every check.
    [Theory]
    [MemberData(nameof(Names))]
    public void FoundOnTheKernel_ShrunkToItsMinimalLength(string name)
    {
        var d = KernelDefects.For(name);
        var kernel = KernelBackend.RequireOrSkip(d.Stock, d.Config.Granule);
        var result = Campaign.Run(d.Config, new RunOptions(d.Seed, MaxTests: 200) { Backend = kernel });
        Assert.NotNull(result.Counterexample);
        var ce = result.Counterexample;
        var report = CounterexampleReport.Format(ce);
        output.WriteLine($"{name}: {ce.TestsToFailure} tests to failure, {ce.Shrinks} shrinks, {ce.OriginalLength} -> {ce.Commands.Count} commands, {result.Elapsed.TotalMilliseconds:F0} ms");
        output.WriteLine(report);
        Assert.Equal(d.Claim, ce.Violation.Claim);
        Assert.Equal(d.Minimal, ce.Commands.Count);
        Approver.VerifyIn(ReportFolder(), $"{nameof(KernelDefectTests)}.{d.Name}", report);
        Approver.VerifyFile(KernelDefects.TracePath(d), KernelDefects.RegressionText(d, ce));

        if (d.PortAgrees)
        {
            // The port keeps v5.13's block annotations too: the same commands fail alike there.
            var port = Execution.Run(ce.Config, ce.Commands);
            Assert.Equal((d.Claim, ce.Execution.FailedAt), (port.Violation?.Claim, port.FailedAt));
            // With the v5.15 fix applied, both backends keep the ownership.
            var withFix = ce.Config with { Fixes = Fix.PageSizedAnnotations };
            AssertPasses(withFix, ce, BackendChoice.Port);
            AssertPasses(withFix, ce, kernel);
        }
        else
        {
            // The profile build carries the upstream fix, and the port follows the profile.
            AssertPasses(ce.Config, ce, BackendChoice.Port);
            AssertPasses(ce.Config, ce, KernelBackend.RequireOrSkip(stock: false, d.Config.Granule));
        }
    }

    // The table's minimal lengths are the approved reports' lengths, and each row has its regression trace
    // (approved above), so a defect cannot drop out of tests/regressions/kernel/ unnoticed.
    [Fact]
    public void EveryDefect_HasItsRegressionTrace()
    {
        var traces = Directory.GetFiles(RepoPaths.KernelRegressions, "*.trace").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(KernelDefects.All.Select(d => d.Name).Order(StringComparer.Ordinal), traces);
    }

    private void AssertPasses(HarnessConfig config, Counterexample ce, BackendChoice backend)
    {
        var x = Execution.Run(config, ce.Commands, new RunSettings { Backend = backend });
        output.WriteLine($"on {backend} with {config}: {x.Violation?.ToString() ?? "every check passed"}");
        Assert.True(x.Violation is null, $"{backend}: {x.Violation}");
        Assert.Equal(ce.Commands.Count, x.Count);
    }

    private static string ReportFolder([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "DefectReports");
}
