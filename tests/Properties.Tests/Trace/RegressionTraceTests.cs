using System.Runtime.CompilerServices;
using Harness.Properties.Tests.Approval;
using Harness.Properties.Trace;

namespace Harness.Properties.Tests.Trace;

/// <summary>Every tests/regressions/*.trace replays (--dump --log) to its approved output.</summary>
public class RegressionTraceTests
{
    public static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    public static string RegressionFolder => RepoPaths.Regressions;

    public static string TracePath(string name) => Path.Combine(RegressionFolder, name + ".trace");

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RegressionFolder, "*.trace").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(f));
        }
        return data;
    }

    // The replay output of a hand-written regression trace, checked by hand against the spec once.
    [Theory]
    [MemberData(nameof(Names))]
    public void Replay_MatchesVerified(string name)
    {
        var trace = TraceParser.Parse(File.ReadAllText(TracePath(name)), out var error);
        Assert.Null(error);
        Approver.VerifyIn(SourceFolder(), $"{nameof(RegressionTraceTests)}.{name}", Replayer.Replay(trace!, dump: true, log: true));
    }

    // At least the ten regression cases the brief lists exist.
    [Fact]
    public void Regressions_AreThere() => Assert.True(Names().Count >= 10);
}
