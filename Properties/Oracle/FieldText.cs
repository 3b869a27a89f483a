using System.Text;

namespace Harness.Properties.Oracle;

/// <summary>A descriptor spelled out field by field (spec 2), so a report shows which bits are wrong, not only hex.</summary>
public static class FieldText
{
    public static string Describe(Descriptor d, int level)
    {
        if (d.Bits == 0)
        {
            return "0 (zero: the owner's, unmapped)";
        }
        if (!d.IsValid)
        {
            var rest = d.Bits & ~Descriptor.OwnerMask;
            return $"{d} (invalid: owner {d.OwnerField}{(rest != 0 ? $", stray bits 0x{rest:x}" : "")})";
        }
        if (d.IsTable(level))
        {
            return $"{d} (table)";
        }
        var sb = new StringBuilder();
        sb.Append(d).Append(" (").Append(level == 3 ? "page" : "block");
        var memAttr = (d.Bits & Descriptor.MemAttrMask) >> 2;
        sb.Append(", MemAttr 0x").Append(memAttr.ToString("x")).Append(memAttr switch { 0xF => " Normal", 0x1 => " Device-nGnRE", 0x6 => " Normal (FWB)", _ => " unknown" });
        sb.Append(", S2AP ").Append((d.Bits & Descriptor.S2apR) != 0 ? "R" : "-").Append((d.Bits & Descriptor.S2apW) != 0 ? "W" : "-");
        sb.Append((d.Bits & Descriptor.Xn) != 0 ? ", XN" : ", executable");
        var sh = (d.Bits & Descriptor.ShMask) >> 8;
        sb.Append(sh == 3 ? ", SH inner" : $", SH {sh}");
        sb.Append((d.Bits & Descriptor.Af) != 0 ? ", AF" : ", AF clear");
        var sw = (d.Bits & Descriptor.SwMask) >> 55;
        if (sw != 0)
        {
            sb.Append(", SW 0x").Append(sw.ToString("x"));
        }
        return sb.Append(')').ToString();
    }
}
