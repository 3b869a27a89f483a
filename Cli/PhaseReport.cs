using System.Globalization;
using System.Text;
using Harness.Properties;
using Harness.Properties.Runner;

namespace Harness.Cli;

/// <summary>
/// <c>harness bench --mode phases</c>: where a checked command's time goes, per granule of the workload and
/// in all, as a Markdown table in microseconds per command. Each granule's cases are run unchecked and
/// checked, each timed phase by phase (<see cref="PhaseClock"/>), the fastest run of each kept. Where an
/// unchecked run has the phase too (the world, the command, the disposal) its time follows in brackets:
/// the checked command's time less the unchecked one's is what following its events costs; the other
/// columns are the oracle's work around the command.
/// </summary>
internal static class PhaseReport
{
    private static readonly RunPhase[] Columns = Enum.GetValues<RunPhase>();

    public static IEnumerable<string> Of(Workload workload, TimeSpan atLeast)
    {
        yield return $"  microseconds per command; each granule's fastest run of those over {atLeast.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s per mode (reading the clock at each phase adds about 0.1 us to a checked command)";
        yield return $"  | granule | commands | unchecked | checked | of unchecked | {string.Join(" | ", Columns.Select(Name))} |";
        yield return $"  | --- | ---: | ---: | ---: | ---: | {string.Join(" | ", Columns.Select(_ => "---:"))} |";
        var (allUnchecked, allChecked, allCommands) = (new PhaseClock(), new PhaseClock(), 0L);
        foreach (var granule in workload.Cases.Select(c => c.Config.Granule).Distinct().Order())
        {
            var cases = workload.Only(c => c.Config.Granule == granule);
            var (plain, commands) = cases.Phases(new RunSettings { Checked = false }, atLeast);
            var (checkedRun, checkedCommands) = cases.Phases(new RunSettings(), atLeast);
            if (commands != checkedCommands)
            {
                // Both modes run the same commands; a precondition that refuses differently would skew the split.
                throw new InvalidOperationException($"the {GranuleText.Format(granule)} cases ran {commands} commands unchecked but {checkedCommands} checked");
            }
            allUnchecked.Add(plain);
            allChecked.Add(checkedRun);
            allCommands += commands;
            yield return Row(GranuleText.Format(granule), commands, plain, checkedRun);
        }
        yield return Row("all", allCommands, allUnchecked, allChecked);
    }

    private static string Row(string what, long commands, PhaseClock plain, PhaseClock checkedRun)
    {
        double PerCommand(TimeSpan t) => t.TotalMicroseconds / Math.Max(commands, 1);
        var row = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"  | {what} | {commands} | {PerCommand(plain.Total):0.00} | {PerCommand(checkedRun.Total):0.00} | {plain.Total / checkedRun.Total:0.00} |"));
        foreach (var phase in Columns)
        {
            row.Append(RunsUnchecked(phase)
                ? string.Create(CultureInfo.InvariantCulture, $" {PerCommand(checkedRun[phase]):0.00} ({PerCommand(plain[phase]):0.00}) |")
                : string.Create(CultureInfo.InvariantCulture, $" {PerCommand(checkedRun[phase]):0.00} |"));
        }
        return row.ToString();
    }

    /// <summary>The phases an unchecked run has too: their columns give both times.</summary>
    private static bool RunsUnchecked(RunPhase phase) => phase is RunPhase.World or RunPhase.Command or RunPhase.Disposal;

    private static string Name(RunPhase phase) => phase switch
    {
        RunPhase.World => "world (unchecked)",
        RunPhase.Expectation => "expectation",
        RunPhase.Command => "command (unchecked)",
        RunPhase.Postcondition => "postcondition",
        RunPhase.Scope => "scope",
        RunPhase.Claims => "claims",
        RunPhase.Sweeps => "sweeps",
        _ => "disposal (unchecked)",
    };
}
