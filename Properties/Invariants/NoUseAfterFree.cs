using Harness.Implementation;

namespace Harness.Properties.Invariants;

/// <summary>
/// Spec 8.5: no put on a free page, no get, read or write of a free page, no access outside every pool,
/// and no free of a page that is not the head of its block.
/// </summary>
public sealed class NoUseAfterFree : IInvariant
{
    public string Name => "no double free or use after free";

    public Violation? Check(World w)
    {
        foreach (var e in w.Log.Since(0))
        {
            var why = e.Kind switch
            {
                EventKind.PutOnFreePage => "a reference was dropped on a page whose count was already 0",
                EventKind.AccessToFreePage => "a free page was used as a table",
                EventKind.WildAccess => "a table address outside every pool was followed",
                EventKind.CorruptingFree => "a tail page of a block dropped to count 0 and would be freed with no order (the kernel corrupts its free lists)",
                _ => null,
            };
            if (why is not null)
            {
                return new Violation(Name, $"{why} (pa 0x{e.Pa:x})");
            }
        }
        return null;
    }
}
