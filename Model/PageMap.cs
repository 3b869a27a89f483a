namespace Harness.Model;

/// <summary>
/// A dictionary from page address to <typeparamref name="T"/> that stores runs of equal values, so a
/// 1 GiB range costs one entry, not 262,144. Absent pages hold <c>default(T)</c>. The runs are a sorted
/// list of (first address, value); each run lasts until the next one starts.
/// </summary>
public sealed class PageMap<T> where T : struct, IEquatable<T>
{
    private readonly List<(ulong Start, T Value)> _runs = [(0, default)];

    /// <summary>The ranges <see cref="Set"/> changed since <see cref="ForgetChanges"/>, for checks that only look there.</summary>
    public List<(ulong Start, ulong End)> Changed { get; } = [];

    /// <summary>The value at <paramref name="addr"/>.</summary>
    public T this[ulong addr] => _runs[IndexAt(addr)].Value;

    /// <summary>Gives every address of <c>[start, end)</c> the value <paramref name="value"/>.</summary>
    public void Set(ulong start, ulong end, T value)
    {
        if (end <= start)
        {
            return;
        }
        Changed.Add((start, end));
        var after = this[end];
        var first = IndexAt(start);
        // Drop the runs starting inside [start, end], then put the new run and what follows it.
        var from = _runs[first].Start < start ? first + 1 : first;
        var to = from;
        while (to < _runs.Count && _runs[to].Start <= end)
        {
            to++;
        }
        _runs.RemoveRange(from, to - from);
        _runs.Insert(from, (start, value));
        if (end != 0)
        {
            _runs.Insert(from + 1, (end, after));
        }
        Merge(Math.Max(0, from - 1), from + 2);
    }

    /// <summary>The value at <paramref name="addr"/> and where its run ends (<see cref="ulong.MaxValue"/> for the last run).</summary>
    public (T Value, ulong End) RunAt(ulong addr)
    {
        var i = IndexAt(addr);
        return (_runs[i].Value, i + 1 < _runs.Count ? _runs[i + 1].Start : ulong.MaxValue);
    }

    /// <summary>The runs overlapping <c>[start, end)</c>, clipped to it, in address order.</summary>
    public IEnumerable<(ulong Start, ulong End, T Value)> Runs(ulong start, ulong end)
    {
        for (var i = IndexAt(start); i < _runs.Count && _runs[i].Start < end; i++)
        {
            var runEnd = i + 1 < _runs.Count ? _runs[i + 1].Start : ulong.MaxValue;
            yield return (Math.Max(_runs[i].Start, start), Math.Min(runEnd, end), _runs[i].Value);
        }
    }

    /// <summary>Whether some page of <c>[start, end)</c> holds a value <paramref name="predicate"/> accepts.</summary>
    public bool Any(ulong start, ulong end, Func<T, bool> predicate)
    {
        for (var i = IndexAt(start); i < _runs.Count && _runs[i].Start < end; i++)
        {
            if (predicate(_runs[i].Value))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The first address of <c>[start, end)</c> where this map and <paramref name="other"/> differ, with
    /// both values there; null when they agree on the whole range.
    /// </summary>
    public (ulong Addr, T Mine, T Theirs)? FirstDifference(PageMap<T> other, ulong start, ulong end)
    {
        foreach (var (s, e, mine) in Runs(start, end))
        {
            foreach (var (t, _, theirs) in other.Runs(s, e))
            {
                if (!mine.Equals(theirs))
                {
                    return (t, mine, theirs);
                }
            }
        }
        return null;
    }

    /// <summary>Forgets the ranges changed so far.</summary>
    public void ForgetChanges() => Changed.Clear();

    /// <summary>The index of the run holding <paramref name="addr"/> (binary search).</summary>
    private int IndexAt(ulong addr)
    {
        int lo = 0, hi = _runs.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (_runs[mid].Start <= addr)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /// <summary>Joins neighbouring runs with equal values in <c>[from, to)</c>, so equal maps have equal runs.</summary>
    private void Merge(int from, int to)
    {
        for (var i = Math.Min(to, _runs.Count - 1); i > from; i--)
        {
            if (_runs[i].Value.Equals(_runs[i - 1].Value))
            {
                _runs.RemoveAt(i);
            }
        }
    }
}
