// Turns run A's Stryker JSON report into the "mutate" filters of run B: one pattern per source file
// with the character span of every mutant run A left alive (Survived or NoCoverage), so that run B
// (the property suite) tests those mutants and no others.
//
//   dotnet run tests/Mutation/SurvivorSpans.cs -- RUN_A_REPORT.json tests/Properties.Tests/stryker-config.json
//
// Stryker.NET reads a span "{start..end}" after a glob as character offsets into the file and keeps a
// mutant only when the span contains the mutant's whole original node; the report gives 1-based
// line/column positions over the same source text, which are converted here. Only the "mutate" key
// of the config is rewritten; its other settings are kept.
using System.Text.Json;
using System.Text.Json.Nodes;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: dotnet run SurvivorSpans.cs -- RUN_A_REPORT.json RUN_B_CONFIG.json");
    return 2;
}

using var report = JsonDocument.Parse(File.ReadAllText(args[0]));
var patterns = new List<string>();
var total = 0;
foreach (var file in report.RootElement.GetProperty("files").EnumerateObject().OrderBy(f => f.Name, StringComparer.Ordinal))
{
    var source = file.Value.GetProperty("source").GetString() ?? "";
    var lineStarts = LineStarts(source);
    var spans = new List<(int Start, int End)>();
    foreach (var m in file.Value.GetProperty("mutants").EnumerateArray())
    {
        var status = m.GetProperty("status").GetString();
        if (status is not ("Survived" or "NoCoverage"))
        {
            continue;
        }
        var loc = m.GetProperty("location");
        var start = Offset(lineStarts, loc.GetProperty("start"));
        var end = Offset(lineStarts, loc.GetProperty("end"));
        spans.Add((start, end));
        total++;
    }
    if (spans.Count == 0)
    {
        continue;
    }
    var name = Path.GetFileName(file.Name.Replace('\\', '/'));
    // Each span is written exactly; Stryker merges overlapping ones itself.
    var text = string.Concat(spans.Distinct().OrderBy(s => s.Start).Select(s => $"{{{s.Start}..{s.End}}}"));
    patterns.Add($"**/{name}{text}");
}

var config = JsonNode.Parse(File.ReadAllText(args[1]))!;
var section = config["stryker-config"]!.AsObject();
section["mutate"] = new JsonArray([.. patterns.Select(p => (JsonNode?)JsonValue.Create(p))]);
File.WriteAllText(args[1], config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
Console.WriteLine($"{total} mutant(s) left alive by run A, in {patterns.Count} file(s); mutate filters written to {args[1]}");
return 0;

static int[] LineStarts(string source)
{
    var starts = new List<int> { 0 };
    for (var i = 0; i < source.Length; i++)
    {
        if (source[i] == '\n')
        {
            starts.Add(i + 1);
        }
    }
    return [.. starts];
}

// The report's positions are 1-based lines and 1-based columns.
static int Offset(int[] lineStarts, JsonElement position) =>
    lineStarts[position.GetProperty("line").GetInt32() - 1] + position.GetProperty("column").GetInt32() - 1;
