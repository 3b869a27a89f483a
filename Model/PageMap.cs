namespace Harness.Model;

/// <summary>
/// A dictionary from page address to <typeparamref name="T"/> that stores runs of equal values, so a
/// 1 GiB range costs one entry, not 262,144. Absent pages hold <c>default(T)</c>. Each key is the first
/// address of a run that lasts until the next key.
/// </summary>
public sealed class PageMap<T> where T : struct, IEquatable<T>
{
    private readonly SortedDictionary<ulong, T> _runs = new() { [0] = default };

    /// <summary>The value at <paramref name="addr"/>.</summary>
    public T this[ulong addr]
    {
        get
        {
            var found = default(T);
            foreach (var (start, value) in _runs)
            {
                if (start > addr)
                {
                    break;
                }
                found = value;
            }
            return found;
        }
    }

    /// <summary>Gives every address of <c>[start, end)</c> the value <paramref name="value"/>.</summary>
    public void Set(ulong start, ulong end, T value)
    {
        if (end <= start)
        {
            return;
        }
        var after = this[end];
        foreach (var key in _runs.Keys.Where(k => k >= start && k <= end).ToList())
        {
            _runs.Remove(key);
        }
        _runs[start] = value;
        if (end != 0)
        {
            _runs[end] = after;
        }
        Merge();
    }

    /// <summary>The runs overlapping <c>[start, end)</c>, clipped to it, in address order.</summary>
    public IEnumerable<(ulong Start, ulong End, T Value)> Runs(ulong start, ulong end)
    {
        var keys = _runs.Keys.ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            var runEnd = i + 1 < keys.Count ? keys[i + 1] : ulong.MaxValue;
            var s = Math.Max(keys[i], start);
            var e = Math.Min(runEnd, end);
            if (s < e)
            {
                yield return (s, e, _runs[keys[i]]);
            }
        }
    }

    /// <summary>
    /// The first address of <c>[start, end)</c> where this map and <paramref name="other"/> differ, with
    /// both values there; null when they agree on the whole range.
    /// </summary>
    public (ulong Addr, T Mine, T Theirs)? FirstDifference(PageMap<T> other, ulong start, ulong end)
    {
        var boundaries = _runs.Keys.Concat(other._runs.Keys).Append(start).Where(k => k >= start && k < end).Distinct().Order();
        foreach (var addr in boundaries)
        {
            var (mine, theirs) = (this[addr], other[addr]);
            if (!mine.Equals(theirs))
            {
                return (addr, mine, theirs);
            }
        }
        return null;
    }

    /// <summary>Drops keys that start a run equal to the one before, so equal states compare equal.</summary>
    private void Merge()
    {
        T? previous = null;
        foreach (var key in _runs.Keys.ToList())
        {
            var value = _runs[key];
            if (previous is { } p && p.Equals(value))
            {
                _runs.Remove(key);
            }
            else
            {
                previous = value;
            }
        }
    }
}
