using Harness.Implementation;
using Harness.Model;

namespace Harness.Properties;

/// <summary>
/// The page table as it is, read straight from pool memory without the walker (so a walker bug cannot
/// hide from the checks) and without logging: every live table page and every non-zero leaf, in
/// depth-first address order, and the per-page view of them that the model is compared with.
/// </summary>
public sealed class Observed
{
    public List<TablePage> Tables { get; } = [];

    public List<Leaf> Leaves { get; } = [];

    /// <summary>Every page's state as the leaves say, for the stage-2 model.</summary>
    public PageMap<PageState> Pages { get; } = new();

    /// <summary>Every page's owner as the leaves say, for the host model.</summary>
    public PageMap<ulong> Owners { get; } = new();

    public static Observed Read(KvmPgtable pgt)
    {
        var o = new Observed();
        if (pgt.Root is not { } root)
        {
            return o;
        }
        var geo = pgt.Geometry;
        for (var i = 0; i < geo.RootPages; i++)
        {
            var start = (ulong)i << geo.LevelShift(geo.StartLevel - 1);
            o.ReadTable(pgt, root + ((ulong)i << geo.PageShift), geo.StartLevel, start, null);
        }
        // Leaves arrive in address order: coalesce neighbours first, so the maps see a few runs, not
        // one Set per 4K leaf (that made reading a table quadratic in its leaves).
        foreach (var (start, end, state) in Coalesce(o.Leaves.Select(l => (l.Start, l.End, l.State(geo.PageShift)))))
        {
            o.Pages.Set(start, end, state);
        }
        foreach (var (start, end, owner) in Coalesce(o.Leaves.Where(l => !l.Pte.IsValid).Select(l => (l.Start, l.End, l.Pte.OwnerField))))
        {
            o.Owners.Set(start, end, owner);
        }
        return o;
    }

    /// <summary>Reads one descriptor from pool memory; 0 outside every pool.</summary>
    public static Pte ReadRaw(KvmPgtable pgt, ulong tablePa, int index) =>
        new(pgt.Mm.PoolOf(tablePa)?.Read(tablePa, index) ?? 0);

    private void ReadTable(KvmPgtable pgt, ulong pa, int level, ulong start, PtePtr? parent)
    {
        var geo = pgt.Geometry;
        var at = Tables.Count;
        Tables.Add(new TablePage(pa, level, start, parent, 0));
        var counted = 0;
        for (var i = 0; i < geo.PtrsPerPte; i++)
        {
            var pte = ReadRaw(pgt, pa, i);
            if (pte.Bits == 0)
            {
                continue;
            }
            counted++;
            var addr = start + ((ulong)i << geo.LevelShift(level));
            var slot = new PtePtr(pa, i);
            if (pte.IsTable(level))
            {
                ReadTable(pgt, pgt.Follow(pte), level + 1, addr, slot);
                continue;
            }
            Leaves.Add(new Leaf(addr, addr + geo.LevelSize(level), level, pte, slot));
        }
        Tables[at] = Tables[at] with { Counted = counted };
    }

    private static IEnumerable<(ulong Start, ulong End, T Value)> Coalesce<T>(IEnumerable<(ulong Start, ulong End, T Value)> runs)
        where T : struct, IEquatable<T>
    {
        (ulong Start, ulong End, T Value)? open = null;
        foreach (var run in runs)
        {
            if (open is { } o && o.End == run.Start && o.Value.Equals(run.Value))
            {
                open = (o.Start, run.End, o.Value);
                continue;
            }
            if (open is { } done)
            {
                yield return done;
            }
            open = run;
        }
        if (open is { } last)
        {
            yield return last;
        }
    }
}

/// <summary>
/// A live table page: root (no parent) or linked from <see cref="Parent"/>, covering IPAs from
/// <see cref="Start"/>, holding <see cref="Counted"/> non-zero descriptors.
/// </summary>
public readonly record struct TablePage(ulong Pa, int Level, ulong Start, PtePtr? Parent, int Counted)
{
    public bool IsRoot => Parent is null;
}

/// <summary>A non-zero leaf descriptor covering <c>[Start, End)</c> at <see cref="Level"/>.</summary>
public readonly record struct Leaf(ulong Start, ulong End, int Level, Pte Pte, PtePtr Slot)
{
    /// <summary>What the leaf says of each page it covers, in the model's terms (spec 2.3, 2.5).</summary>
    public PageState State(int pageShift)
    {
        if (!Pte.IsValid)
        {
            return PageState.OwnedBy(Pte.OwnerField);
        }
        var access = Access.None;
        if ((Pte.Bits & Implementation.Pte.S2apR) != 0)
        {
            access |= Access.R;
        }
        if ((Pte.Bits & Implementation.Pte.S2apW) != 0)
        {
            access |= Access.W;
        }
        if ((Pte.Bits & Implementation.Pte.Xn) == 0)
        {
            access |= Access.X;
        }
        if ((Pte.Bits & Implementation.Pte.MemAttrMask) == Implementation.Pte.MemAttrDevice)
        {
            access |= Access.Device;
        }
        return PageState.MappedAt(Pte.OutputAddress(pageShift) - Start, access);
    }
}
