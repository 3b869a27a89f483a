using Harness.Properties.Runner;
using Harness.Properties.Text;

namespace Harness.Properties.Trace;

/// <summary>
/// The local, git-ignored folder of counterexample traces (Hypothesis' example database, proptest's
/// regressions file): a failing campaign saves its shrunk sequence here, and the next campaign of the
/// same kind replays it before generating anything. A case worth keeping is promoted by copying it into
/// the regression corpus, <c>tests/regressions/</c>. A folder that cannot be written is reported, never fatal.
/// </summary>
public sealed class FailureStore(string folder)
{
    /// <summary>The folder, relative to where the harness runs (the repository root for README commands).</summary>
    public static readonly string DefaultFolder = Path.Combine(".harness", "failures");

    public string Folder { get; } = folder;

    /// <summary>
    /// The store of <paramref name="backend"/> under <see cref="DefaultFolder"/>: the port's traces at its
    /// top, the kernel backend's in <c>kernel/</c> or <c>kernel-stock/</c>, so that a failure is replayed
    /// first only by campaigns on the backend that found it (a stock kernel defect is no port failure).
    /// </summary>
    public static FailureStore For(Backends.BackendChoice backend) => new(backend.Kind == Backends.BackendKind.Port
        ? DefaultFolder
        : Path.Combine(DefaultFolder, backend.Stock ? "kernel-stock" : "kernel"));

    /// <summary>Writes the counterexample's trace: its path, or why it could not be written.</summary>
    public (string? Path, string? Error) Save(Counterexample ce) =>
        Write(Folder, FileName(ce.Config, ce.Options.Seed), CounterexampleTrace.Text(ce));

    /// <summary>
    /// Writes a fault-injection failure under <c>faults/</c>, where campaigns do not replay it (its claims
    /// about -ENOMEM and the retry are the fault-injection property's, not a plain run's).
    /// </summary>
    public (string? Path, string? Error) Save(FaultInjectionResult result) =>
        Write(Path.Combine(Folder, "faults"), FileName(result.Config, result.Options.Seed), CounterexampleTrace.Text(result));

    /// <summary>
    /// The saved traces a campaign replays first: those of its layer and bugs, and of its granule and IPA
    /// size when it pins them. Unreadable files are returned too, with their error, for the caller to report.
    /// </summary>
    public IReadOnlyList<SavedTrace> For(ConfigSpace space) =>
        [.. SavedTrace.LoadAll(Folder).Where(s => s.Trace is not { } t || Matches(t.Config, space))];

    /// <summary><c>&lt;layer&gt;-&lt;granule&gt;-ia&lt;N&gt;[-&lt;bug&gt;]-seed&lt;S&gt;.trace</c>.</summary>
    public static string FileName(HarnessConfig c, ulong seed)
    {
        var bugs = c.Bugs == Implementation.Bug.None ? "" : "-" + c.Bugs.ToString().Replace(", ", "+", StringComparison.Ordinal);
        return $"{c.Layer.ToString().ToLowerInvariant()}-{GranuleText.Format(c.Granule)}-ia{c.IaBits}{bugs}-seed{seed}.trace";
    }

    private static (string? Path, string? Error) Write(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(path, text);
            return (path, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            // A trace cut short by a full disk would be replayed next time as a malformed file.
            TryDelete(path);
            return (null, $"not saved to {Printable.Line(path)}: {WhyNot(folder, ex)}");
        }
    }

    /// <summary>The reason in a few words: a file in the folder's way, permission denied, or the system's own.</summary>
    private static string WhyNot(string folder, Exception ex)
    {
        for (var p = folder; !string.IsNullOrEmpty(p); p = Path.GetDirectoryName(p))
        {
            if (File.Exists(p))
            {
                return $"{Printable.Quote(p, 200)} is a file, not a folder";
            }
        }
        return ex is UnauthorizedAccessException ? "permission denied" : Printable.Line(ex.Message);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the caller reports the first failure.
        }
    }

    private static bool Matches(HarnessConfig t, ConfigSpace space) => space.Fixed is { } c
        ? t.Layer == c.Layer && t.Granule == c.Granule && t.IaBits == c.IaBits && t.Bugs == c.Bugs
        : t.Layer == space.Layer && t.Bugs == Implementation.Bug.None && (space.Granule is not { } g || g == t.Granule) && (space.Ia is not { } ia || ia == t.IaBits);
}
