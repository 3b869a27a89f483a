using System.Text;
using Harness.Implementation;
using Harness.Properties.Commands;

namespace Harness.Properties.Trace;

/// <summary>
/// Prints a trace in the trace syntax (docs/trace-format.md section 1): the version line, every
/// configuration item spelled out (defaults and fix items included, so a trace does not depend on them),
/// then one command per line as its <see cref="Command.ToString"/> prints it. Bugs switched on in the
/// configuration are written as the comment <c># bug: NAME</c>, which other implementations ignore;
/// harness-only commands (get_leaf) as comments too.
/// </summary>
public static class TraceWriter
{
    /// <param name="trace">The configuration and commands to print.</param>
    /// <param name="header">Optional comment lines (without <c>#</c>) put after the version line.</param>
    public static string Write(TraceFile trace, IEnumerable<string>? header = null)
    {
        var sb = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        WriteHeader(sb, trace.Config, header);
        foreach (var cmd in trace.Commands)
        {
            WriteCommand(sb, cmd);
        }
        return sb.ToString();
    }

    /// <summary>The version line, the comments and the configuration items.</summary>
    public static void WriteHeader(TextWriter w, HarnessConfig c, IEnumerable<string>? header = null)
    {
        w.Write("harness-trace 1\n");
        foreach (var line in header ?? [])
        {
            w.Write($"# {line}\n");
        }
        if (c.Bugs != Bug.None)
        {
            w.Write($"# {TraceParser.BugDirective} {c.Bugs}\n");
        }
        w.Write("profile v5.13\n");
        w.Write($"granule {GranuleText.Format(c.Granule)}\n");
        w.Write($"ia {c.IaBits}\n");
        w.Write($"layer {(c.Layer == Layer.Stage2 ? "stage2" : "host")}\n");
        foreach (var name in FixText.Names(c.Fixes))
        {
            w.Write($"fix {name}\n");
        }
        if (c.Layer == Layer.Stage2)
        {
            w.Write($"pool {c.PoolPages}\n");
        }
        else
        {
            foreach (var r in c.Memory)
            {
                w.Write($"memory 0x{r.Start:x} 0x{r.End:x}\n");
            }
        }
    }

    /// <summary>One command line; a harness-only command as a comment.</summary>
    public static void WriteCommand(TextWriter w, Command cmd) => w.Write($"{(cmd.Kind.CommentOnly ? "# " : "")}{cmd}\n");
}
