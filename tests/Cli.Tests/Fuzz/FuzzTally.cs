using System.Text;
using Harness.Properties.Text;

namespace Harness.Cli.Tests.Fuzz;

/// <summary>
/// What a fuzz run did, so that it is visibly not vacuous: how many replays of each mode ended with each
/// exit status, which claims the checking replays found broken (and whether a <c># bug:</c> comment had
/// switched bugs on: with none on, a broken claim is a disagreement of model and implementation worth a
/// look), how often each mutation kind was applied, how many traces had several mutations, and the
/// slowest replay and the one that allocated most.
/// </summary>
public sealed class FuzzTally
{
    private readonly SortedDictionary<(string Mode, int? Exit), int> _exits = [];
    private readonly SortedDictionary<MutationKind, int> _kinds = [];
    private readonly SortedDictionary<string, int> _claims = new(StringComparer.Ordinal);

    public int Cases { get; private set; }

    public int Mixed { get; private set; }

    public TimeSpan Slowest { get; private set; }

    public long MostAllocated { get; private set; }

    /// <summary>The mode, source and mutations of the slowest replay and of the one that allocated most, to look at when they grow.</summary>
    private (string Slowest, string MostAllocated) _which = ("", "");

    public void Add(MutatedTrace trace)
    {
        Cases++;
        Mixed += trace.Mutations.Count > 1 ? 1 : 0;
        foreach (var m in trace.Mutations)
        {
            _kinds[m.Kind] = Kind(m.Kind) + 1;
        }
    }

    public void Add(MutatedTrace trace, ReplayMode mode, ReplayOutcome o)
    {
        _exits[(mode.Name, o.Exit)] = Exits(mode, o.Exit) + 1;
        if (mode == ReplayMode.Check && o.Exit == 1 && CheckVerdict.Of(o.Out.Head) is { } verdict)
        {
            var key = $"{verdict.Claim}{(verdict.BugsOn ? "" : " (no bug on)")}";
            _claims[key] = _claims.GetValueOrDefault(key) + 1;
        }
        if (o.Elapsed > Slowest)
        {
            Slowest = o.Elapsed;
            _which.Slowest = Summary(trace, mode);
        }
        if (o.AllocatedBytes > MostAllocated)
        {
            MostAllocated = o.AllocatedBytes;
            _which.MostAllocated = Summary(trace, mode);
        }
    }

    private static string Summary(MutatedTrace trace, ReplayMode mode) =>
        Printable.Line($"replay {mode} of {trace.Source}, {string.Join("; ", trace.Mutations)}", 300);

    public int Exits(ReplayMode mode, int? exit) => _exits.GetValueOrDefault((mode.Name, exit));

    public int Kind(MutationKind kind) => _kinds.GetValueOrDefault(kind);

    public override string ToString()
    {
        var sb = new StringBuilder($"{Cases} mutated traces, {Mixed} with several mutations\n");
        foreach (var mode in ReplayMode.All)
        {
            sb.Append($"  replay {mode,-13}").AppendJoin(", ", _exits.Where(e => e.Key.Mode == mode.Name).Select(e => $"exit {e.Key.Exit?.ToString() ?? "none"}: {e.Value}")).Append('\n');
        }
        sb.Append("  claims broken under --check: ").AppendJoin(", ", _claims.Select(c => $"{c.Key} {c.Value}")).Append('\n');
        sb.Append("  mutations: ").AppendJoin(", ", Enum.GetValues<MutationKind>().Select(k => $"{k} {Kind(k)}")).Append('\n');
        sb.Append($"  slowest replay {Slowest.TotalMilliseconds:F0} ms: {_which.Slowest}\n");
        sb.Append($"  most allocated {MostAllocated >> 20} MiB: {_which.MostAllocated}\n");
        return sb.ToString();
    }
}
