using Harness.Implementation;
using Harness.Properties.Commands;

namespace Harness.Properties.Runner;

/// <summary>
/// What a campaign reached, counted from the event log and the results after every command, so a
/// property can be shown not to be vacuous: blocks made at each level, blocks split, tables replaced
/// by blocks and freed, partial results, ownership changes per owner, faults granted and refused.
/// </summary>
public sealed class Coverage
{
    private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Counts => _counts;

    public long this[string key] => _counts.GetValueOrDefault(key);

    /// <summary>Every counter a default run of <paramref name="layer"/> is expected to move.</summary>
    public static IReadOnlyList<string> Expected(Layer layer, Geometry geo)
    {
        var keys = new List<string>();
        for (var level = geo.StartLevel; level < Geometry.MaxLevels; level++)
        {
            if (geo.LevelSupportsLeaf(level))
            {
                keys.Add($"leaf written at L{level}");
            }
        }
        keys.AddRange(["block split", "-ENOMEM", "owner 1 annotation written"]);
        // On the host, a table is only replaced by a block or freed when -ENOMEM left an empty table
        // behind, or when MMIO tables are recycled; with 16K and 64K a map needs at most one new table,
        // so the first never happens and the second is rare: those layers are not held to it.
        if (layer == Layer.Stage2 || geo.Granule == Granule.Size4K)
        {
            keys.AddRange(["table replaced by block", "table freed"]);
        }
        keys.AddRange(layer == Layer.Stage2
            ? ["-EAGAIN", "owner 0 written over an annotation", "-EINVAL", "-ERANGE"]
            : ["fault granted", "fault refused", "donation refused", "MMIO fault"]);
        return keys;
    }

    public void Add(string key, long n = 1) => _counts[key] = _counts.GetValueOrDefault(key) + n;

    /// <summary>Counts what the last command did in <paramref name="w"/>.</summary>
    public void Record(World w, Command c, Errno result)
    {
        Add("commands");
        if (result != Errno.Ok)
        {
            Add(ErrnoText.Name(result));
        }
        switch (c)
        {
            case Fault f:
                Add(result is Errno.Ok or Errno.EAGAIN ? "fault granted" : result == Errno.EEXIST ? "fault refused" : "fault failed");
                if (!w.Host!.IsMemory(f.Addr))
                {
                    Add("MMIO fault");
                }
                break;
            case Donate when result is Errno.EPERM or Errno.EINVAL:
                Add("donation refused");
                break;
        }
        var log = w.Log.Since(0);
        var clearedLeaf = new Dictionary<ulong, bool>();
        foreach (var e in log)
        {
            switch (e.Kind)
            {
                case EventKind.PteWrite:
                    RecordWrite(w, e, clearedLeaf);
                    break;
                case EventKind.TlbiVmid:
                    Add("table replaced by block");
                    break;
                case EventKind.Free when w.TablePools.Any(p => p.Contains(e.Pa)):
                    Add("table freed");
                    break;
            }
        }
    }

    private void RecordWrite(World w, Event e, Dictionary<ulong, bool> clearedLeaf)
    {
        var old = new Pte(e.Old);
        var @new = new Pte(e.New);
        if (@new.IsTable(e.Level))
        {
            if (clearedLeaf.GetValueOrDefault(e.Pa) || (old.Bits != 0 && !old.IsTable(e.Level)))
            {
                Add("block split");
            }
            return;
        }
        clearedLeaf[e.Pa] = e.New == 0 && old.IsValid && !old.IsTable(e.Level);
        if (@new.IsValid)
        {
            Add($"leaf written at L{e.Level}");
        }
        else if (e.New != 0)
        {
            Add($"owner {@new.OwnerField} annotation written");
        }
        else if (old.Bits != 0 && !old.IsValid)
        {
            Add("owner 0 written over an annotation");
        }
    }

    public void AddFrom(Coverage other)
    {
        foreach (var (k, v) in other._counts)
        {
            Add(k, v);
        }
    }

    /// <summary>The expected counters that stayed at zero.</summary>
    public IEnumerable<string> Missing(Layer layer, Geometry geo) => Expected(layer, geo).Where(k => this[k] == 0);
}
