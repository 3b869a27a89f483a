using Harness.Properties.Backends;
using Harness.Properties.Oracle;

namespace Harness.Properties.Trace;

/// <summary>
/// The canonical dump of a stage-2 table (docs/trace-format.md section 2), read from memory through
/// <see cref="ITableMemory"/> so it is the same for both backends: every root page with its count, then
/// every non-zero descriptor depth-first in IPA order, indented by level; table addresses are left out so
/// that two correct implementations print the same bytes. Written as it is read, never held whole.
/// </summary>
public static class CanonicalDump
{
    public static void Write(TextWriter w, ITableMemory memory, SpecGeometry geo)
    {
        if (memory.Root is { } root)
        {
            for (var i = 0; i < geo.RootPages; i++)
            {
                var pa = root + ((ulong)i << geo.PageShift);
                w.Write($"root {i} rc={memory.PageCount(pa)}\n");
                WriteTable(w, memory, geo, pa, geo.StartLevel, geo.RootBase(i), null);
            }
        }
        w.Write($"pool used={TablePagesUsed(memory)}\n");
    }

    /// <summary>Pages allocated from the stage-2 table's pools (the hypervisor stage 1's pool is another table's).</summary>
    public static int TablePagesUsed(ITableMemory memory)
    {
        var used = 0;
        for (var i = 0; i < memory.Pools.Count; i++)
        {
            used += memory.Pools[i].Name == "hyp" ? 0 : memory.UsedPages(i);
        }
        return used;
    }

    /// <summary>The descriptor lines of the tables covering <c>[from, to)</c> only, for a counterexample report.</summary>
    public static string Region(ITableMemory memory, SpecGeometry geo, ulong from, ulong to)
    {
        var w = new StringWriter { NewLine = "\n" };
        if (memory.Root is { } root)
        {
            for (var i = 0; i < geo.RootPages; i++)
            {
                WriteTable(w, memory, geo, root + ((ulong)i << geo.PageShift), geo.StartLevel, geo.RootBase(i), (from, to));
            }
        }
        return w.ToString();
    }

    private static void WriteTable(TextWriter w, ITableMemory memory, SpecGeometry geo, ulong tablePa, int level, ulong start, (ulong From, ulong To)? window)
    {
        var indent = new string(' ', 2 + (2 * (level - geo.StartLevel)));
        // Level 3 never holds a table, so the recursion is at most four deep whatever the memory says.
        var entries = memory.Page(tablePa);
        for (var i = 0; i < entries.Length; i++)
        {
            var pte = new Descriptor(entries[i]);
            var addr = start + ((ulong)i << geo.Shift(level));
            if (pte.Bits == 0 || (window is var (f, t) && (addr + geo.Size(level) <= f || addr >= t)))
            {
                continue;
            }
            if (pte.IsTable(level))
            {
                var child = pte.OutputAddress(geo.PageShift);
                w.Write($"{indent}L{level} 0x{addr:x16} table rc={memory.PageCount(child)}\n");
                WriteTable(w, memory, geo, child, level + 1, addr, window);
            }
            else
            {
                w.Write($"{indent}L{level} 0x{addr:x16} {(pte.IsValid ? "leaf" : "invalid")} 0x{pte.Bits:x16}\n");
            }
        }
    }
}
