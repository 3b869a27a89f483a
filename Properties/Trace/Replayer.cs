using Harness.Implementation;
using Harness.Properties.Backends;
using Harness.Properties.Commands;
using Harness.Properties.Runner;

namespace Harness.Properties.Trace;

/// <summary>
/// Replays a trace and writes the replay output of docs/trace-format.md section 2 as it goes: per command
/// <c>&gt; COMMAND</c>, <c>= RESULT</c>, then with <c>log</c> its TLB and cache maintenance in program order,
/// with <c>dump</c> the canonical dump; finally <c>end</c>. Output is written as it is produced, so memory
/// stays flat whatever the trace length and dump size.
/// </summary>
/// <remarks>
/// Commands run through the same interpreter (<see cref="Execution"/>) as campaigns, unchecked: a replay
/// only reports what the backend did, v5.13 with exactly the trace's <c>fix</c> items. The bugs a
/// <c># bug:</c> comment names stay off: a replay prints the spec's behaviour, which other implementations
/// can diff against; a checking replay is what switches them on again.
/// </remarks>
public static class Replayer
{
    /// <summary>Replays <paramref name="commands"/> on a fresh world of <paramref name="config"/> on <paramref name="backend"/>; null, or why the world could not be built.</summary>
    public static string? Replay(HarnessConfig config, IEnumerable<Command> commands, TextWriter output, bool dump, bool log, BackendChoice? backend = null)
    {
        var world = World.Create(config.WithBugs(Bug.None), backend ?? BackendChoice.Port, checking: false, out var error);
        if (world is null)
        {
            return error;
        }
        using (world)
        {
            var maintenance = new MaintenanceLog();
            if (log)
            {
                world.Tap = maintenance;
            }
            var settings = new RunSettings
            {
                Checked = false,
                KeepSteps = false,
                AfterStep = (step, w) =>
                {
                    output.Write($"> {step.Command}\n= {ErrnoText.Name(step.Result)}\n");
                    maintenance.WriteTo(output);
                    if (dump)
                    {
                        CanonicalDump.Write(output, w.Memory, w.Geometry);
                    }
                },
            };
            // Unchecked, the only violation is an exception from the backend: a bug, not a result to print.
            if (Execution.Run(world, commands, settings).Violation is { } crash)
            {
                throw new InvalidOperationException(crash.ToString());
            }
            output.Write("end\n");
        }
        return null;
    }

    /// <summary>A whole trace replayed to a string (tests, small traces).</summary>
    public static string Replay(TraceFile trace, bool dump, bool log, BackendChoice? backend = null)
    {
        var w = new StringWriter { NewLine = "\n" };
        if (Replay(trace.Config, trace.Commands, w, dump, log, backend) is { } error)
        {
            throw new ArgumentException(error, nameof(trace));
        }
        return w.ToString();
    }

    /// <summary>The <c>tlbi</c> and <c>cmo</c> events of one command, kept until its result is printed.</summary>
    private sealed class MaintenanceLog : EventSink
    {
        private readonly List<Event> _events = [];

        public override void On(in Event e)
        {
            if (e.Kind is EventKind.TlbiVmid or EventKind.TlbiIpa or EventKind.Cmo)
            {
                _events.Add(e);
            }
        }

        public void WriteTo(TextWriter w)
        {
            foreach (var e in _events)
            {
                w.Write(e.Kind switch
                {
                    EventKind.TlbiVmid => "tlbi vmid\n",
                    EventKind.TlbiIpa => e.Level < 0 ? $"tlbi ipa 0x{e.Ipa:x16} any\n" : $"tlbi ipa 0x{e.Ipa:x16} level {e.Level}\n",
                    _ => $"cmo 0x{e.Pa:x16} 0x{e.Len:x}\n",
                });
            }
            _events.Clear();
        }
    }
}
