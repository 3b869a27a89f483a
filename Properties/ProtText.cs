using Harness.Implementation;

namespace Harness.Properties;

/// <summary>The trace syntax of a <see cref="Prot"/>: letters <c>r w x d</c> in that order, or <c>-</c>.</summary>
public static class ProtText
{
    public static string Format(Prot prot)
    {
        var s = ((prot & Prot.R) != 0 ? "r" : "") + ((prot & Prot.W) != 0 ? "w" : "") +
                ((prot & Prot.X) != 0 ? "x" : "") + ((prot & Prot.Device) != 0 ? "d" : "");
        return s.Length == 0 ? "-" : s;
    }

    /// <summary>Parses <paramref name="text"/>; false when it is not a subset of rwxd in order, or "-".</summary>
    public static bool TryParse(string text, out Prot prot)
    {
        prot = Prot.None;
        if (text == "-")
        {
            return true;
        }
        var order = "rwxd";
        var at = 0;
        foreach (var ch in text)
        {
            var i = order.IndexOf(ch, at);
            if (i < 0)
            {
                return false;
            }
            prot |= ch switch { 'r' => Prot.R, 'w' => Prot.W, 'x' => Prot.X, _ => Prot.Device };
            at = i + 1;
        }
        return text.Length > 0;
    }
}
