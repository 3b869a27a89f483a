using Harness.Implementation;

namespace Harness.Properties;

/// <summary>The trace and command-line spelling of a <see cref="Granule"/>: <c>4k</c>, <c>16k</c>, <c>64k</c>.</summary>
public static class GranuleText
{
    public static string Format(Granule granule) => $"{(1 << (int)granule) / 1024}k";

    /// <summary>Parses <paramref name="text"/>; false for anything but the three spellings.</summary>
    public static bool TryParse(string text, out Granule granule)
    {
        foreach (var g in Enum.GetValues<Granule>())
        {
            if (text == Format(g))
            {
                granule = g;
                return true;
            }
        }
        granule = default;
        return false;
    }
}
