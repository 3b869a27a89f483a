using Harness.Implementation;
using Harness.Properties;
using Harness.Properties.Backends;
using Harness.Properties.Runner;
using Harness.Properties.Text;

namespace Harness.Cli;

/// <summary>
/// The lines of a report that only the command line can write: how to re-run the campaign that found a
/// counterexample with the very options that reproduce it, how to replay its trace, how to keep it.
/// </summary>
internal static class ReportLines
{
    /// <summary>The campaign line that finds the same counterexample again: its seed, budget, space and backend, on one job.</summary>
    public static string Rerun(Counterexample ce, ConfigSpace space)
    {
        var o = ce.Options;
        var line = $"dotnet run --project Cli -- campaign --layer {space.Layer.ToString().ToLowerInvariant()} --seed {o.Seed} --tests {o.MaxTests} --size {o.MaxCommands} --jobs 1";
        if (space.Fixed is { } c)
        {
            line += $" --granule {GranuleText.Format(c.Granule)} --ia {c.IaBits}";
            line += c.Bugs != Bug.None ? $" --bug {c.Bugs}" : "";
        }
        else
        {
            line += space.Granule is { } g ? $" --granule {GranuleText.Format(g)}" : "";
            line += space.Ia is { } ia ? $" --ia {ia}" : "";
        }
        return line + Backend(o.Backend);
    }

    /// <summary>The line that replays a trace with every check.</summary>
    public static string Replay(string path, BackendChoice backend) => $"dotnet run --project Cli -- replay {Printable.Line(path)} --check{Backend(backend)}";

    /// <summary>How to move a saved trace into the regression corpus that <c>dotnet test</c> replays.</summary>
    public static string Promote(string path) =>
        $"cp {Printable.Line(path)} tests/regressions/NAME.trace, say in a comment what it pins, run dotnet test once to create its approved replay output, review both and commit them";

    public static string Backend(BackendChoice b) => b.Kind == BackendKind.Port ? ""
        : " --backend kernel" + (b.KernelTree is { } t ? $" --kernel-tree {Printable.Line(t)}" : "") + (b.Stock ? " --stock" : "");
}
