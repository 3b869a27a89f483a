using System.Text;
using Harness.Implementation;

namespace Harness.Properties.Trace;

/// <summary>
/// Replays a <see cref="TraceFile"/> and prints the replay output of trace-format.md section 2: per
/// command <c>&gt; COMMAND</c> (its <see cref="Commands.Command.ToString"/>), <c>= RESULT</c>, then with
/// <c>log</c> its TLB and cache maintenance in program order, with <c>dump</c> the canonical dump; finally
/// <c>end</c>.
/// </summary>
/// <remarks>
/// Commands run through the same <see cref="World"/> and <see cref="Commands.Command.Run"/> as the
/// property runner, so there is one interpreter; the model and invariants are not consulted, a replay
/// only reports what the Implementation did: v5.13 with exactly the trace's <c>fix</c> items. The bugs
/// a <c># bug:</c> comment names stay off: a replay prints the spec's behaviour, which other
/// implementations can diff against; a checking replay (<see cref="Runner.Execution"/> on the trace's
/// configuration) is what switches them on again.
/// </remarks>
public static class Replayer
{
    /// <summary>Runs <paramref name="trace"/> on a fresh world of its configuration and returns the output text.</summary>
    public static string Replay(TraceFile trace, bool dump, bool log)
    {
        var world = World.Create(trace.Config.WithBugs(Bug.None), out var error) ?? throw new ArgumentException(error, nameof(trace));
        var sb = new StringBuilder();
        foreach (var c in trace.Commands)
        {
            world.BeginStep();
            var result = c.Run(world);
            sb.Append("> ").Append(c).Append('\n');
            sb.Append("= ").Append(ErrnoText.Name(result)).Append('\n');
            if (log)
            {
                AppendMaintenance(sb, world.Log);
            }
            if (dump)
            {
                sb.Append(CanonicalDump.Format(world));
            }
        }
        sb.Append("end\n");
        return sb.ToString();
    }

    /// <summary>The <c>tlbi</c> and <c>cmo</c> lines of section 2, in the order they were issued.</summary>
    public static void AppendMaintenance(StringBuilder sb, EventLog log)
    {
        foreach (var e in log.Since(0))
        {
            switch (e.Kind)
            {
                case EventKind.TlbiVmid:
                    sb.Append("tlbi vmid\n");
                    break;
                case EventKind.TlbiIpa:
                    sb.Append("tlbi ipa 0x").Append(e.Ipa.ToString("x16"));
                    sb.Append(e.Level < 0 ? " any\n" : $" level {e.Level}\n");
                    break;
                case EventKind.Cmo:
                    sb.Append("cmo 0x").Append(e.Pa.ToString("x16")).Append(" 0x").Append(e.Len.ToString("x")).Append('\n');
                    break;
            }
        }
    }
}
