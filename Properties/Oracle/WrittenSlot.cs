namespace Harness.Properties.Oracle;

/// <summary>
/// One descriptor write of the current step: the page (its position in <see cref="TableShadow.TouchedPages"/>)
/// and the slot.
/// </summary>
/// <remarks>
/// The page is named by position rather than by reference: a step lists every write, and storing a
/// reference costs the runtime's write barrier each time, where a page is touched only once per step.
/// </remarks>
public readonly record struct WrittenSlot(int Page, int Index);
