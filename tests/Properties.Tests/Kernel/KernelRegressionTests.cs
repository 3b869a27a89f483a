using Harness.Properties.Backends;
using Harness.Properties.Runner;
using Harness.Properties.Trace;

namespace Harness.Properties.Tests.Kernel;

/// <summary>
/// Every trace of <c>tests/regressions/kernel/</c> is checked as <c>replay --check</c> checks it, on the
/// backends its <c># fails on:</c> comment names and on the reference backends: it fails on each named one
/// with the claim of its <c># claim:</c> comment, at its last command, and passes every check on the port
/// and the kernel's profile build unless they are named too. The top-level corpus (<c>*.trace</c> beside
/// the folder) is not read here, and the corpus tests do not read this folder.
/// </summary>
public class KernelRegressionTests(ITestOutputHelper output)
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RepoPaths.KernelRegressions, "*.trace").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(f));
        }
        return data;
    }

    // The trace fails where it says, with the claim it says, and passes on the port and the profile build
    // unless it names them.
    [Theory]
    [MemberData(nameof(Names))]
    public void Check_FailsOnItsBackends_PassesOnTheOthers(string name)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.KernelRegressions, name + ".trace"));
        var trace = TraceParser.Parse(text, out var parseError);
        Assert.True(trace is not null, parseError?.ToString());
        var directives = KernelRegressionDirectives.Parse(text, out var error);
        Assert.True(directives is not null, error);
        Assert.NotEmpty(directives.FailsOnBackends);
        foreach (var backend in directives.FailsOnBackends.Union([BackendChoice.Port, BackendChoice.Kernel]))
        {
            var choice = backend.Kind == BackendKind.Port ? backend : KernelBackend.RequireOrSkip(backend.Stock, trace.Config.Granule);
            var x = Execution.Run(trace.Config, trace.Commands, new RunSettings { Backend = choice });
            output.WriteLine($"{choice}: {x.Violation?.ToString() ?? "every check passed"}");
            if (directives.FailsOnBackends.Contains(backend))
            {
                Assert.Equal((directives.Claim, trace.Commands.Count - 1), (x.Violation?.Claim, x.FailedAt));
            }
            else
            {
                Assert.True(x.Violation is null, $"{choice}: {x.Violation}");
            }
        }
    }

    // The comments are read strictly: a misspelt backend is an error, not a trace checked nowhere.
    [Fact]
    public void Directives_UnknownBackend_IsAnError()
    {
        Assert.Null(KernelRegressionDirectives.Parse("# fails on: kernel-stock\n# claim: result\n", out var error));
        Assert.Equal("'# fails on:' names 'kernel-stock'; use 'port', 'kernel', 'kernel stock'", error);
        Assert.Null(KernelRegressionDirectives.Parse("# fails on: kernel\n", out error));
        Assert.Equal("a kernel regression trace needs both a '# fails on:' and a '# claim:' comment", error);
    }
}
