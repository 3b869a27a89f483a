namespace Harness.Properties.Oracle;

/// <summary>
/// Descriptor writes of the current step to <see cref="Count"/> consecutive slots of one page, from
/// <see cref="Index"/> on, one after another: the page (its position in <see cref="TableShadow.TouchedPages"/>),
/// and whether the writes could change a page's state (all but linking a table where there was none or
/// another table; writes of the two kinds never share a run).
/// </summary>
/// <remarks>
/// A walk writes a page's slots in order, so a step's writes are a few runs: one entry a run keeps the
/// per-write cost to extending the last entry. The page is named by position rather than by reference:
/// storing a reference costs the runtime's write barrier each time, where a page is touched only once per
/// step.
/// </remarks>
public readonly record struct WrittenSlot(int Page, int Index, int Count, bool ChangesPages);
