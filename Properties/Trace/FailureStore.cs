using Harness.Properties.Runner;

namespace Harness.Properties.Trace;

/// <summary>
/// The local, git-ignored folder of counterexample traces (Hypothesis' example database, proptest's
/// regressions file): a failing campaign saves its shrunk sequence here, and the next campaign of the
/// same configuration replays it before generating anything. A case worth keeping is promoted by copying
/// it into the regression corpus, <c>tests/regressions/</c>.
/// </summary>
public sealed class FailureStore(string folder)
{
    /// <summary>The folder, relative to where the harness runs (the repository root for README commands).</summary>
    public static readonly string DefaultFolder = Path.Combine(".harness", "failures");

    public string Folder { get; } = folder;

    /// <summary>Writes the counterexample's trace and returns its path; a later failure of the same campaign overwrites it.</summary>
    public string Save(Counterexample ce)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, FileName(ce.Config, ce.Options.Seed));
        File.WriteAllText(path, CounterexampleTrace.Text(ce));
        return path;
    }

    /// <summary>
    /// Writes a fault-injection failure under <c>faults/</c>, where campaigns do not replay it (its claims
    /// about -ENOMEM and the retry are the fault-injection property's, not a plain run's).
    /// </summary>
    public string Save(FaultInjectionResult result)
    {
        var folder = Path.Combine(Folder, "faults");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName(result.Config, result.Options.Seed));
        File.WriteAllText(path, CounterexampleTrace.Text(result));
        return path;
    }

    /// <summary>
    /// The saved traces a campaign of <paramref name="config"/> replays first: same layer, granule, IPA size
    /// and bugs. Unreadable files are returned too, with their error, for the caller to report.
    /// </summary>
    public IReadOnlyList<SavedTrace> For(HarnessConfig config) =>
        [.. SavedTrace.LoadAll(Folder).Where(s => s.Trace is not { } t || SameCampaign(t.Config, config))];

    /// <summary><c>&lt;layer&gt;-&lt;granule&gt;-ia&lt;N&gt;[-&lt;bug&gt;]-seed&lt;S&gt;.trace</c>.</summary>
    public static string FileName(HarnessConfig c, ulong seed)
    {
        var bugs = c.Bugs == Implementation.Bug.None ? "" : "-" + c.Bugs.ToString().Replace(", ", "+", StringComparison.Ordinal);
        return $"{c.Layer.ToString().ToLowerInvariant()}-{GranuleText.Format(c.Granule)}-ia{c.IaBits}{bugs}-seed{seed}.trace";
    }

    private static bool SameCampaign(HarnessConfig a, HarnessConfig b) =>
        a.Layer == b.Layer && a.Granule == b.Granule && a.IaBits == b.IaBits && a.Bugs == b.Bugs;
}
