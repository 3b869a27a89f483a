using Harness.Implementation;

namespace Harness.Implementation.Tests;

/// <summary>
/// Reads a table through its memory (<see cref="MmOps.Read"/>, <see cref="MmOps.PageCount"/>), never
/// through the code under test: the canonical dump of trace-format section 2 and the refcount rule of
/// spec 3.3 / 8.3.
/// </summary>
internal static class PgtableInspector
{
    /// <summary>The canonical dump (trace-format 2), one line per element, ending with <c>pool used=N</c>.</summary>
    public static string[] Dump(KvmPgtable pgt)
    {
        var lines = new List<string>();
        var geo = pgt.Geometry;
        if (pgt.Root is not null)
        {
            for (var i = 0; i < geo.RootPages; i++)
            {
                var page = pgt.RootPage(i);
                lines.Add($"root {i} rc={pgt.Mm.PageCount(page)}");
                DumpTable(pgt, page, geo.StartLevel, (ulong)i << geo.LevelShift(geo.StartLevel - 1), 1, lines);
            }
        }
        lines.Add($"pool used={pgt.Mm.UsedPages}");
        return [.. lines];
    }

    private static void DumpTable(KvmPgtable pgt, ulong tablePa, int level, ulong baseIpa, int depth, List<string> lines)
    {
        var geo = pgt.Geometry;
        var indent = new string(' ', 2 * depth);
        for (var idx = 0; idx < geo.PtrsPerPte; idx++)
        {
            var pte = new Pte(pgt.Mm.Read(tablePa, idx));
            if (pte.Bits == 0)
            {
                continue;
            }
            var ipa = baseIpa + ((ulong)idx << geo.LevelShift(level));
            if (pte.IsTable(level))
            {
                var child = pte.OutputAddress(geo.PageShift);
                lines.Add($"{indent}L{level} 0x{ipa:x16} table rc={pgt.Mm.PageCount(child)}");
                DumpTable(pgt, child, level + 1, ipa, depth + 1, lines);
            }
            else
            {
                lines.Add($"{indent}L{level} 0x{ipa:x16} {(pte.IsValid ? "leaf" : "invalid")} 0x{pte.Bits:x16}");
            }
        }
    }

    /// <summary>
    /// Every breach of the refcount rule (spec 3.3: <c>rc(T) == 1 + non-zero entries</c> for every reachable
    /// table page, each root page on its own; with <paramref name="counted"/> false, the hyp stage 1 of
    /// v5.13: <c>rc == 1</c>), plus reachable pages that are free. <paramref name="tablePages"/> is the
    /// number of reachable table pages, roots included.
    /// </summary>
    public static List<string> RefcountViolations(KvmPgtable pgt, out int tablePages, bool counted = true)
    {
        var violations = new List<string>();
        tablePages = 0;
        if (pgt.Root is null)
        {
            return violations;
        }
        var geo = pgt.Geometry;
        for (var i = 0; i < geo.RootPages; i++)
        {
            tablePages += Check(pgt, pgt.RootPage(i), geo.StartLevel, counted, violations);
        }
        return violations;
    }

    private static int Check(KvmPgtable pgt, ulong tablePa, int level, bool counted, List<string> violations)
    {
        var geo = pgt.Geometry;
        var pages = 1;
        var nonZero = 0;
        if (pgt.Mm.PoolOf(tablePa) is not { } pool || pool.IsFree(tablePa))
        {
            violations.Add($"table page 0x{tablePa:x} (L{level}) is not allocated");
        }
        for (var idx = 0; idx < geo.PtrsPerPte; idx++)
        {
            var pte = new Pte(pgt.Mm.Read(tablePa, idx));
            if (pte.Bits == 0)
            {
                continue;
            }
            nonZero++;
            if (pte.IsTable(level))
            {
                pages += Check(pgt, pte.OutputAddress(geo.PageShift), level + 1, counted, violations);
            }
        }
        var expected = counted ? 1 + nonZero : 1;
        var actual = pgt.Mm.PageCount(tablePa);
        if (actual != expected)
        {
            violations.Add($"table page 0x{tablePa:x} (L{level}): rc {actual}, expected {expected}");
        }
        return pages;
    }

    /// <summary>
    /// Asserts the refcount rule, that the reachable table pages are exactly <paramref name="usedPages"/>
    /// (nothing leaked, nothing freed while linked), and that the log shows no put on a free page, no
    /// access to a free page and no wild access.
    /// </summary>
    public static void AssertConsistent(KvmPgtable pgt, int usedPages, bool counted = true)
    {
        var violations = RefcountViolations(pgt, out var tablePages, counted);
        Assert.Empty(violations);
        Assert.Equal(usedPages, tablePages);
        AssertNoMemoryErrors(pgt.Log);
    }

    /// <summary>A stage2-layer table: every allocated pool page is a reachable table page.</summary>
    public static void AssertConsistent(Stage2System sys) => AssertConsistent(sys.Pgt, sys.Pool.UsedPages);

    /// <summary>No <see cref="EventKind.PutOnFreePage"/>, <see cref="EventKind.AccessToFreePage"/> or <see cref="EventKind.WildAccess"/> in the log.</summary>
    public static void AssertNoMemoryErrors(EventLog log)
    {
        for (var i = 0; i < log.Count; i++)
        {
            var kind = log[i].Kind;
            Assert.False(
                kind is EventKind.PutOnFreePage or EventKind.AccessToFreePage or EventKind.WildAccess,
                $"event {i}: {log[i]}");
        }
    }

    /// <summary>How many events of <paramref name="kind"/> the log holds from <paramref name="mark"/> on.</summary>
    public static int Count(EventLog log, EventKind kind, int mark = 0)
    {
        var n = 0;
        foreach (var e in log.Since(mark))
        {
            if (e.Kind == kind)
            {
                n++;
            }
        }
        return n;
    }
}
