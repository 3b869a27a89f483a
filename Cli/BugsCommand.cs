using System.CommandLine;
using System.Globalization;
using Harness.Implementation;
using Harness.Properties;
using Harness.Properties.Runner;
using Harness.Properties.Text;
using Spectre.Console;

namespace Harness.Cli;

/// <summary>
/// <c>bugs</c>: hunts every deliberate bug of <see cref="BugTable"/> (or the ones named) with a campaign
/// per seed and prints a table: caught or not, tests to failure and time to find and shrink (medians over
/// the seeds), shrunk length, and the claim that caught it. Exit 1 when a bug escaped every seed.
/// </summary>
internal static class BugsCommand
{
    public static Command Create()
    {
        var seeds = new Option<int>("--seeds") { Description = "Campaigns per bug, with seeds 1 to N.", DefaultValueFactory = _ => 20 };
        var tests = new Option<int>("--tests") { Description = "Most tests per campaign.", DefaultValueFactory = _ => 200 };
        var size = new Option<int>("--size") { Description = "Most commands in one test.", DefaultValueFactory = _ => 60 };
        var only = new Option<string[]>("--bug") { Description = "Hunt only this bug (repeatable).", AllowMultipleArgumentsPerToken = true };
        var markdown = new Option<bool>("--markdown") { Description = "Print the table as Markdown (for docs/bugs.md)." };
        var command = new Command("bugs", "Hunt every deliberate Implementation bug and tabulate how fast the harness finds it.") { seeds, tests, size, only, markdown };
        command.SetAction(p => Run(p.GetValue(seeds), p.GetValue(tests), p.GetValue(size), p.GetValue(only) ?? [], p.GetValue(markdown)));
        return command;
    }

    private static int Run(int seeds, int tests, int size, string[] names, bool markdown)
    {
        if (seeds < 1 || tests < 1 || size < 1)
        {
            return CliError.Report("--seeds, --tests and --size must be at least 1");
        }
        if (CliOptions.SizeTooLarge(size) is { } tooLarge)
        {
            return CliError.Report(tooLarge);
        }
        var bugs = new List<Bug>();
        foreach (var name in names)
        {
            if (!BugTable.All.Any(b => b.Bug.ToString() == name))
            {
                return CliError.Report($"unknown bug {Printable.Quote(name)}; use one of {string.Join(", ", BugTable.All.Select(b => b.Bug))}");
            }
            bugs.Add(Enum.Parse<Bug>(name));
        }
        if (bugs.Count == 0)
        {
            bugs.AddRange(BugTable.All.Select(b => b.Bug));
        }
        var hunts = new List<BugHunt>();
        foreach (var bug in bugs)
        {
            var hunt = BugHunt.Run(bug, seeds, tests, size);
            // Progress on standard error, so that standard output is the table alone.
            Console.Error.WriteLine($"{bug}: caught by {hunt.Caught} of {seeds} seeds");
            hunts.Add(hunt);
        }
        Console.WriteLine(Caption(seeds, tests, size));
        if (markdown)
        {
            Console.WriteLine();
            PrintMarkdown(hunts, seeds);
        }
        else
        {
            PrintTable(hunts, seeds);
        }
        // A seed that misses is a figure of the table; a bug that every seed misses is a blind spot.
        return hunts.All(h => h.Caught > 0) ? 0 : 1;
    }

    private static string[] Cells(BugHunt h, int seeds) =>
    [
        h.Bug.ToString(),
        $"{h.Config.Layer.ToString().ToLowerInvariant()} {Properties.GranuleText.Format(h.Config.Granule)} ia {h.Config.IaBits}",
        h.CaughtEverySeed ? "yes" : $"{h.Caught}/{seeds}",
        h.MedianTestsToFailure is { } t ? t.ToString("0.#", CultureInfo.InvariantCulture) : "-",
        h.MedianTime is { } time ? $"{time.TotalMilliseconds:0} ms" : "-",
        h.ShortestShrunk is { } lo ? (lo == h.LongestShrunk ? $"{lo}" : $"{lo}-{h.LongestShrunk}") : "-",
        BugTable.For(h.Bug).Minimal.ToString(CultureInfo.InvariantCulture),
        h.Claims.Count == 0 ? "-" : string.Join("; ", h.Claims.Select(c => c.Seeds == h.Caught ? c.Claim : $"{c.Claim} ({c.Seeds})")),
    ];

    private static readonly string[] Headers = ["bug", "where", "caught", "tests to failure", "find + shrink", "shrunk length", "shortest possible", "caught by"];

    private static string Caption(int seeds, int tests, int size) =>
        $"{seeds} campaign(s) per bug, seeds 1 to {seeds}, each of at most {tests} tests of up to {size} commands; tests to failure and time are medians over the seeds that caught the bug";

    private static void PrintMarkdown(List<BugHunt> hunts, int seeds)
    {
        Console.WriteLine($"| {string.Join(" | ", Headers)} |");
        Console.WriteLine($"|{string.Concat(Headers.Select(_ => "---|"))}");
        foreach (var h in hunts)
        {
            Console.WriteLine($"| {string.Join(" | ", Cells(h, seeds))} |");
        }
    }

    private static void PrintTable(List<BugHunt> hunts, int seeds)
    {
        var table = new Table().AddColumns(Headers.Select(Markup.Escape).ToArray());
        foreach (var h in hunts)
        {
            table.AddRow(Cells(h, seeds).Select(Markup.Escape).ToArray());
        }
        AnsiConsole.Write(table);
    }
}
