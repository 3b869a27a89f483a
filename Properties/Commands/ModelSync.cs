using Harness.Implementation;
using Harness.Model;

namespace Harness.Properties.Commands;

/// <summary>
/// The common postcondition: the result must be one the model allows, and the model then takes on
/// exactly the freedom the spec grants (spec 8.17-8.21): for a partial result, the address-ordered
/// prefix of the change the Implementation was seen to apply; near the range, mappings it dropped.
/// Anything else the Implementation did differently is left for the ownership invariant to report.
/// </summary>
public static class ModelSync
{
    public static Violation? Apply(World w, Command c, Expectation e, Errno actual)
    {
        var result = (Result)(int)actual;
        if (!e.Allows(result))
        {
            var allowed = string.Join(" or ", new[] { e.Result }.Concat(e.PartialResults).Select(ErrnoText.Name));
            return new Violation("result", $"{c} returned {ErrnoText.Name(actual)}", null, allowed, ErrnoText.Name(actual));
        }
        if (result == Result.ENOMEM && !w.AllocationFailed())
        {
            return new Violation("result", $"{c} returned -ENOMEM though no page allocation failed", null, "a failed allocation first", "none");
        }
        var changedEnd = result == e.Result ? e.Range.End : FirstUnchanged(w, e);
        if (w.Stage2Model is { } m)
        {
            m.Apply(e, changedEnd);
            KeepDroppedMappings(w, m, e, changedEnd);
        }
        else
        {
            w.HostModel!.Apply(e, changedEnd);
        }
        return null;
    }

    /// <summary>The first page of the range that the Implementation did not bring to the new state.</summary>
    private static ulong FirstUnchanged(World w, Expectation e) => w.Stage2Model is not null
        ? FirstOther(w.Observed.Pages, e.Range, e.NewState)
        : FirstOther(w.Observed.Owners, e.Range, e.NewState.Owner);

    private static ulong FirstOther<T>(PageMap<T> seen, PageRange range, T value)
        where T : struct, IEquatable<T>
    {
        foreach (var (start, _, v) in seen.Runs(range.Start, range.End))
        {
            if (!v.Equals(value))
            {
                return start;
            }
        }
        return range.End;
    }

    /// <summary>
    /// Spec 5.3.3, 5.5: a mapped page inside a block the range partly covered may have lost its
    /// mapping, when the block was split or removed whole; the model follows. That covers pages outside
    /// the range and, after a partial result, the untouched rest of the range (a split that ran out of
    /// memory has already dropped the old block). A page never gains a mapping this way, and
    /// annotations never move.
    /// </summary>
    private static void KeepDroppedMappings(World w, PageTableModel m, Expectation e, ulong changedEnd)
    {
        foreach (var (start, end, value) in m.Pages.Runs(e.MayUnmap.Start, e.MayUnmap.End).ToList())
        {
            if (!value.Mapped)
            {
                continue;
            }
            foreach (var (s, t, seen) in w.Observed.Pages.Runs(start, end).ToList())
            {
                if (!seen.Equals(PageState.Unmapped))
                {
                    continue;
                }
                // The applied prefix is exact: only what lies before or after it may have been dropped.
                m.Pages.Set(s, Math.Min(t, e.Range.Start), PageState.Unmapped);
                m.Pages.Set(Math.Max(s, changedEnd), t, PageState.Unmapped);
            }
        }
    }
}
