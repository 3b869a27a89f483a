using System.CommandLine;
using Harness.Implementation;
using Harness.Properties;

namespace Harness.Cli;

/// <summary>
/// Options shared by several commands and their parsing into harness values; a bad value is reported by
/// System.CommandLine as one line naming the option, with no stack trace.
/// </summary>
internal static class CliOptions
{
    public static Option<ulong> Seed(ulong defaultSeed) => new("--seed") { Description = $"The seed that fixes every generated command (default {defaultSeed}).", DefaultValueFactory = _ => defaultSeed };

    public static Option<string> Granule() => new Option<string>("--granule") { Description = "Translation granule: 4k, 16k or 64k.", DefaultValueFactory = _ => "4k" }
        .AcceptOnlyFromAmong("4k", "16k", "64k");

    public static Option<int> Ia() => new("--ia") { Description = "Input (IPA) address size in bits: 32 to 48 (52 with 64k); a PARange size for the host layer.", DefaultValueFactory = _ => 40 };

    public static Option<string> Layer(string defaultLayer, params string[] allowed) => new Option<string>("--layer") { Description = $"Which API to drive: {string.Join(", ", allowed)}.", DefaultValueFactory = _ => defaultLayer }
        .AcceptOnlyFromAmong(allowed);

    /// <summary>The granule of an option value that <see cref="Granule()"/> has already restricted to the three spellings.</summary>
    public static Granule ParseGranule(string text) => GranuleText.TryParse(text, out var g) ? g : Implementation.Granule.Size4K;

    /// <summary>
    /// The configuration of each layer <paramref name="layerText"/> names (<c>both</c>: stage2 then host)
    /// with the geometry asked for, or the one-line reason the geometry does not fit a layer.
    /// </summary>
    public static IReadOnlyList<HarnessConfig>? Configs(string layerText, Granule granule, int ia, Bug bugs, out string? error)
    {
        error = null;
        var configs = new List<HarnessConfig>();
        foreach (var layer in layerText == "both" ? new[] { Properties.Layer.Stage2, Properties.Layer.Host } : [layerText == "host" ? Properties.Layer.Host : Properties.Layer.Stage2])
        {
            var config = HarnessConfig.For(layer, granule, ia).WithBugs(bugs);
            if (World.Create(config, out var why) is null)
            {
                error = $"{layer.ToString().ToLowerInvariant()} layer: {why}; change --granule or --ia";
                return null;
            }
            configs.Add(config);
        }
        return configs;
    }
}
