using System.Text;
using Harness.Implementation;
using Harness.Properties.Commands;

namespace Harness.Properties.Trace;

/// <summary>
/// Prints a <see cref="TraceFile"/> in the trace syntax (trace-format.md section 1): the version line,
/// every configuration item spelled out (defaults included, so a trace does not depend on them), then one
/// command per line as its <see cref="Command.ToString"/> prints it, the only place commands are printed.
/// Bugs switched on in the configuration are written as the comment <c># bug: NAME</c>
/// (<see cref="TraceParser.BugDirective"/>), which other implementations ignore.
/// </summary>
public static class TraceWriter
{
    /// <param name="trace">The configuration and commands to print.</param>
    /// <param name="header">Optional comment lines (without <c>#</c>) put after the version line.</param>
    public static string Write(TraceFile trace, IEnumerable<string>? header = null)
    {
        var sb = new StringBuilder();
        var c = trace.Config;
        sb.Append("harness-trace 1\n");
        foreach (var line in header ?? [])
        {
            sb.Append("# ").Append(line).Append('\n');
        }
        if (c.Bugs != Bug.None)
        {
            sb.Append("# ").Append(TraceParser.BugDirective).Append(' ').Append(c.Bugs).Append('\n');
        }
        sb.Append("profile v5.13\n");
        sb.Append("granule ").Append(GranuleText.Format(c.Granule)).Append('\n');
        sb.Append("ia ").Append(c.IaBits).Append('\n');
        sb.Append("layer ").Append(c.Layer == Layer.Stage2 ? "stage2" : "host").Append('\n');
        foreach (var name in FixText.Names(c.Fixes))
        {
            sb.Append("fix ").Append(name).Append('\n');
        }
        if (c.Layer == Layer.Stage2)
        {
            sb.Append("pool ").Append(c.PoolPages).Append('\n');
        }
        else
        {
            foreach (var r in c.Memory)
            {
                sb.Append("memory 0x").Append(r.Start.ToString("x")).Append(" 0x").Append(r.End.ToString("x")).Append('\n');
            }
        }
        foreach (var cmd in trace.Commands)
        {
            // get_leaf is harness-only: the format has no such command, so it stays readable as a comment.
            sb.Append(cmd is GetLeaf ? "# " : "").Append(cmd).Append('\n');
        }
        return sb.ToString();
    }
}
