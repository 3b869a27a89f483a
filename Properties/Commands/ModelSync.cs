using Harness.Implementation;
using Harness.Model;
using Harness.Properties.Oracle;

namespace Harness.Properties.Commands;

/// <summary>
/// The common postcondition: the result must be one the model allows, and the model then takes on
/// exactly the freedom the spec grants (spec 8.17-8.21): for a partial result, the address-ordered
/// prefix of the change the backend was seen to apply; mapped pages of the blocks the range covers only
/// in part (and, after a partial result, of the block it stopped in) may have lost their mapping.
/// Anything else the backend did differently is left for the ownership claim to report.
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
        if (result == Result.ENOMEM && w.Stats.AllocFailures == 0)
        {
            return new Violation("result", $"{c} returned -ENOMEM though no page allocation failed", null, "a failed allocation first", "none");
        }
        var shadow = w.Shadow!;
        var changedEnd = result == e.Result ? e.Range.End : FirstUnchanged(shadow, e);
        var model = w.ModelPages;
        model.Set(e.Range.Start, Math.Min(changedEnd, e.Range.End), e.NewState);
        foreach (var block in e.MayUnmap)
        {
            KeepDropped(shadow, model, block, e.Range, changedEnd);
        }
        if (changedEnd < e.Range.End)
        {
            foreach (var block in e.MayUnmapIfStoppedInside)
            {
                if (block.Contains(changedEnd))
                {
                    KeepDropped(shadow, model, block, e.Range, changedEnd);
                }
            }
        }
        return null;
    }

    /// <summary>The first page of the range the backend did not bring to the new state.</summary>
    public static ulong FirstUnchanged(TableShadow shadow, Expectation e) => ObservedPages.FirstNotIn(shadow, e.Range.Start, e.Range.End, e.NewState);

    /// <summary>
    /// Pages of <paramref name="block"/> the model has mapped and the table now shows unmapped lost their
    /// mapping as the spec allows; the model follows. The applied prefix of the range is exact, so only
    /// what lies outside it may have been dropped; a page never gains a mapping this way, and annotations
    /// never move.
    /// </summary>
    private static void KeepDropped(TableShadow shadow, PageMap<PageState> model, PageRange block, PageRange range, ulong changedEnd)
    {
        var runs = new List<(ulong Start, ulong End, PageState State)>();
        foreach (var (start, end, value) in model.Runs(block.Start, block.End).ToList())
        {
            if (!value.Mapped)
            {
                continue;
            }
            ObservedPages.Runs(shadow, start, end, runs);
            foreach (var (s, t, seen) in runs)
            {
                if (!seen.Equals(PageState.Unmapped))
                {
                    continue;
                }
                model.Set(s, Math.Min(t, range.Start), PageState.Unmapped);
                model.Set(Math.Max(s, changedEnd), t, PageState.Unmapped);
            }
        }
    }
}
