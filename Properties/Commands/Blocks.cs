using Harness.Model;
using Harness.Properties.Oracle;

namespace Harness.Properties.Commands;

/// <summary>The pre-state blocks a walk may drop (spec 5.3.3, 5.5), split as <see cref="Expectation"/> wants them.</summary>
internal static class Blocks
{
    /// <summary><paramref name="e"/> with the valid blocks around <paramref name="walk"/>: those it covers in part, and those wholly inside.</summary>
    public static Expectation Around(World w, Expectation e, PageRange walk)
    {
        if (w.Shadow is not { } shadow || walk.IsEmpty || e.Range.IsEmpty && e.Result != Result.EAGAIN)
        {
            return e;
        }
        var blocks = PreState.ValidBlocks(shadow, walk);
        if (blocks.Count == 0)
        {
            // No block around: the expectation as it is, rather than a copy with two empty lists.
            return e;
        }
        return e with
        {
            MayUnmap = [.. blocks.Where(b => b.Start < walk.Start || b.End > walk.End)],
            MayUnmapIfStoppedInside = [.. blocks.Where(b => b.Start >= walk.Start && b.End <= walk.End)],
        };
    }
}
