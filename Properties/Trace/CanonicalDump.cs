using System.Text;
using Harness.Implementation;

namespace Harness.Properties.Trace;

/// <summary>
/// The canonical dump of a stage-2 table (trace-format.md section 2): every root page with its count,
/// then every non-zero descriptor depth-first in IPA order, indented by level; table addresses are left
/// out so that two correct implementations print the same bytes.
/// </summary>
public static class CanonicalDump
{
    public static string Format(World w)
    {
        var sb = new StringBuilder();
        var pgt = w.Pgt;
        if (pgt.Root is { } root)
        {
            var geo = pgt.Geometry;
            for (var i = 0; i < geo.RootPages; i++)
            {
                var pa = root + ((ulong)i << geo.PageShift);
                sb.Append("root ").Append(i).Append(" rc=").Append(pgt.Mm.PageCount(pa)).Append('\n');
                AppendTable(sb, pgt, pa, geo.StartLevel, (ulong)i << geo.LevelShift(geo.StartLevel - 1), null);
            }
        }
        sb.Append("pool used=").Append(w.TablePools.Sum(p => p.UsedPages)).Append('\n');
        return sb.ToString();
    }

    /// <summary>The descriptor lines of the tables covering <c>[from, to)</c> only, for a counterexample report.</summary>
    public static string Region(World w, ulong from, ulong to)
    {
        var sb = new StringBuilder();
        var pgt = w.Pgt;
        if (pgt.Root is { } root)
        {
            var geo = pgt.Geometry;
            for (var i = 0; i < geo.RootPages; i++)
            {
                AppendTable(sb, pgt, root + ((ulong)i << geo.PageShift), geo.StartLevel, (ulong)i << geo.LevelShift(geo.StartLevel - 1), (from, to));
            }
        }
        return sb.ToString();
    }

    private static void AppendTable(StringBuilder sb, KvmPgtable pgt, ulong tablePa, int level, ulong start, (ulong From, ulong To)? window)
    {
        var geo = pgt.Geometry;
        var indent = new string(' ', 2 + (2 * (level - geo.StartLevel)));
        for (var i = 0; i < geo.PtrsPerPte; i++)
        {
            var pte = Observed.ReadRaw(pgt, tablePa, i);
            var addr = start + ((ulong)i << geo.LevelShift(level));
            if (pte.Bits == 0 || (window is var (f, t) && (addr + geo.LevelSize(level) <= f || addr >= t)))
            {
                continue;
            }
            sb.Append(indent).Append('L').Append(level).Append(" 0x").Append(addr.ToString("x16"));
            if (pte.IsTable(level))
            {
                var child = pgt.Follow(pte);
                sb.Append(" table rc=").Append(pgt.Mm.PageCount(child)).Append('\n');
                AppendTable(sb, pgt, child, level + 1, addr, window);
            }
            else
            {
                sb.Append(pte.IsValid ? " leaf 0x" : " invalid 0x").Append(pte.Bits.ToString("x16")).Append('\n');
            }
        }
    }
}
