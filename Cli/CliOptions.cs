using System.CommandLine;
using System.CommandLine.Parsing;
using Harness.Implementation;
using Harness.Properties;
using Harness.Properties.Text;
using Harness.Properties.Trace;

namespace Harness.Cli;

/// <summary>
/// Options shared by several commands and their parsing into harness values; a bad value is reported by
/// System.CommandLine as one line naming the option, with no stack trace. Descriptions do not give the
/// default: help prints it after each, as <c>[default: ...]</c>.
/// </summary>
internal static class CliOptions
{
    public static Option<ulong> Seed(ulong defaultSeed) => new("--seed")
    {
        Description = "The seed that fixes every generated command: decimal or 0x hexadecimal, as in traces.",
        DefaultValueFactory = _ => defaultSeed,
        CustomParser = ParseSeed,
    };

    /// <summary>A seed is a trace number (<see cref="TraceNumbers.TryParse"/>): decimal or <c>0x</c> hexadecimal, unsigned 64-bit.</summary>
    private static ulong ParseSeed(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (TraceNumbers.TryParse(token, out var seed))
        {
            return seed;
        }
        result.AddError($"--seed must be decimal or 0x hexadecimal, unsigned 64-bit, not {Printable.Quote(token)}");
        return 0;
    }

    /// <summary>
    /// The most commands in one test (<c>--size</c>): a test that long already takes minutes, and FsCheck
    /// draws an array of up to this length, so a size of a billion would run out of memory.
    /// </summary>
    public const int MaxSize = 1_000_000;

    /// <summary>The one-line error for a <c>--size</c> above <see cref="MaxSize"/>, or null.</summary>
    public static string? SizeTooLarge(int size) => size > MaxSize ? $"--size must be at most {MaxSize}, not {size}" : null;

    /// <summary>
    /// The most parallel jobs: each job of the kernel backend loads a copy of its library, and more jobs
    /// than cores only share them.
    /// </summary>
    public const int MaxJobs = 64;

    /// <summary>The one-line error for a <c>--jobs</c> outside 1 to <see cref="MaxJobs"/>, or null.</summary>
    public static string? JobsOutOfRange(int jobs) => jobs is < 1 or > MaxJobs ? $"--jobs must be 1 to {MaxJobs}, not {jobs}" : null;

    /// <summary>The granule, or all three (the swarm) when not given.</summary>
    public static Option<string?> Granule() => new Option<string?>("--granule") { Description = "Translation granule: 4k, 16k or 64k; each test draws one when not given." }
        .AcceptOnlyFromAmong("4k", "16k", "64k");

    /// <summary>The IPA size, or each test's own draw when not given.</summary>
    public static Option<int?> Ia() => new("--ia") { Description = "Input (IPA) address size in bits: 32 to 48, or 52 with 64k; each test draws one when not given." };

    public static Option<string> Layer(string defaultLayer, params string[] allowed) => new Option<string>("--layer") { Description = $"Which API to drive: {string.Join(", ", allowed)}.", DefaultValueFactory = _ => defaultLayer }
        .AcceptOnlyFromAmong(allowed);

    /// <summary>The granule of an option value restricted to the three spellings; null for none.</summary>
    public static Granule? ParseGranule(string? text) => text is not null && GranuleText.TryParse(text, out var g) ? g : null;

    /// <summary>The layers <paramref name="layerText"/> names: <c>both</c> is stage2 then host.</summary>
    public static IReadOnlyList<Properties.Layer> Layers(string layerText) => layerText switch
    {
        "both" => [Properties.Layer.Stage2, Properties.Layer.Host],
        "host" => [Properties.Layer.Host],
        _ => [Properties.Layer.Stage2],
    };

    /// <summary>
    /// The configuration space of each layer: the swarm, with the granule and IPA size pinned when given;
    /// a pinned geometry a layer cannot have is one line naming the options to change.
    /// </summary>
    public static IReadOnlyList<Properties.Runner.ConfigSpace>? Spaces(string layerText, Granule? granule, int? ia, out string? error)
    {
        error = null;
        var spaces = new List<Properties.Runner.ConfigSpace>();
        foreach (var layer in Layers(layerText))
        {
            var probe = HarnessConfig.For(layer, granule ?? Implementation.Granule.Size4K, ia ?? 40);
            if (ConfigCheck.Problem(probe) is { } why)
            {
                error = $"{layer.ToString().ToLowerInvariant()} layer: {why}; change --granule or --ia";
                return null;
            }
            spaces.Add(Properties.Runner.ConfigSpace.Swarm(layer, granule, ia));
        }
        return spaces;
    }
}
