// Combines the two Stryker JSON reports into one mutation score over Implementation/: run A (the
// hand-computed tests, every mutant) and run B (the property suite, only the mutants run A left alive).
//
//   dotnet run tests/Mutation/CombinedScore.cs -- RUN_A_REPORT.json RUN_B_REPORT.json
//
// A mutant counts as detected when run A killed it (Killed or Timeout) or, failing that, run B did.
// The score is Stryker's: detected / (detected + Survived + NoCoverage); CompileError and Ignored
// mutants are left out of both sides. Mutants are matched by file, position, mutator and replacement,
// which are the same in both runs because both mutate the same sources. Prints each run's counts, the
// combined score, and a markdown table of the mutants still alive for docs/mutation.md.
using System.Text.Json;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: dotnet run CombinedScore.cs -- RUN_A_REPORT.json RUN_B_REPORT.json");
    return 2;
}

var a = Load(args[0]);
var b = Load(args[1]).ToDictionary(m => m.Key);

Console.WriteLine("| run | killed | timeout | survived | no coverage | compile error | ignored | score |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
PrintRow("A (Implementation.Tests)", a);
PrintRow("B (Properties.Tests, A's survivors)", b.Values.ToList());

var alive = new List<(Mutant M, string Status)>();
int byA = 0, byB = 0;
foreach (var m in a.Where(m => Counted(m.Status)))
{
    if (Detected(m.Status))
    {
        byA++;
    }
    else if (b.TryGetValue(m.Key, out var inB) && Detected(inB.Status))
    {
        byB++;
    }
    else
    {
        alive.Add((m, b.TryGetValue(m.Key, out var s) ? s.Status : "not in run B"));
    }
}
var valid = byA + byB + alive.Count;
Console.WriteLine();
Console.WriteLine($"Combined: {byA} detected by A + {byB} detected by B = {byA + byB} of {valid} -> {Score(byA + byB, valid)}");
Console.WriteLine();
Console.WriteLine("| file:line | mutator | original → mutant | status (run B) |");
Console.WriteLine("| --- | --- | --- | --- |");
foreach (var (m, status) in alive.OrderBy(x => x.M.File, StringComparer.Ordinal).ThenBy(x => x.M.Line).ThenBy(x => x.M.Column))
{
    Console.WriteLine($"| {m.File}:{m.Line} | {m.Mutator} | `{Cell(m.Original)}` → `{Cell(m.Replacement)}` | {status} |");
}
return 0;

static List<Mutant> Load(string path)
{
    using var doc = JsonDocument.Parse(File.ReadAllText(path));
    var list = new List<Mutant>();
    foreach (var file in doc.RootElement.GetProperty("files").EnumerateObject())
    {
        var name = Path.GetFileName(file.Name.Replace('\\', '/'));
        var source = file.Value.GetProperty("source").GetString() ?? "";
        var lines = source.Split('\n');
        foreach (var m in file.Value.GetProperty("mutants").EnumerateArray())
        {
            var loc = m.GetProperty("location");
            var (sl, sc) = Position(loc.GetProperty("start"));
            var (el, ec) = Position(loc.GetProperty("end"));
            var original = sl == el
                ? lines[sl - 1][(sc - 1)..Math.Min(ec - 1, lines[sl - 1].Length)]
                : lines[sl - 1][(sc - 1)..] + " …";
            list.Add(new Mutant(
                $"{name}:{sl}:{sc}-{el}:{ec}:{m.GetProperty("mutatorName").GetString()}:{Str(m, "replacement")}",
                name, sl, sc, m.GetProperty("mutatorName").GetString() ?? "", original.Trim(), Str(m, "replacement"),
                m.GetProperty("status").GetString() ?? ""));
        }
    }
    return list;
}

static (int Line, int Column) Position(JsonElement p) => (p.GetProperty("line").GetInt32(), p.GetProperty("column").GetInt32());

static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";

static bool Counted(string status) => status is "Killed" or "Timeout" or "Survived" or "NoCoverage";

static bool Detected(string status) => status is "Killed" or "Timeout";

static string Score(int detected, int valid) => valid == 0 ? "n/a" : $"{100.0 * detected / valid:F2}%";

static void PrintRow(string run, List<Mutant> ms)
{
    int Count(string s) => ms.Count(m => m.Status == s);
    var detected = Count("Killed") + Count("Timeout");
    var valid = detected + Count("Survived") + Count("NoCoverage");
    Console.WriteLine($"| {run} | {Count("Killed")} | {Count("Timeout")} | {Count("Survived")} | {Count("NoCoverage")} | {Count("CompileError")} | {Count("Ignored")} | {Score(detected, valid)} |");
}

// Keeps a table cell on one line and readable: whitespace collapsed, pipes escaped, long code cut.
static string Cell(string code)
{
    var s = string.Join(' ', code.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Replace("|", "\\|");
    return s.Length > 60 ? s[..57] + "..." : s;
}

internal sealed record Mutant(string Key, string File, int Line, int Column, string Mutator, string Original, string Replacement, string Status);
