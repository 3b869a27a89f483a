using System.Runtime.Intrinsics;

namespace Harness.Properties.Oracle;

/// <summary>
/// The oracle's copy of one table page: where it sits in the tree (level, first IPA, the slot linking it)
/// and its descriptors as the logged writes left them.
/// </summary>
public sealed class ShadowPage(ulong pa, int level, ulong start, bool isHyp, int slotShift, ulong[] entries)
{
    public ulong Pa { get; } = pa;

    public int Level { get; } = level;

    /// <summary>The first IPA (VA for the hypervisor's stage 1) the page covers.</summary>
    public ulong Start { get; } = start;

    /// <summary>Whether the page belongs to the hypervisor's stage 1 rather than the stage-2 table.</summary>
    public bool IsHyp { get; } = isHyp;

    public ulong[] Entries { get; } = entries;

    /// <summary>The shift of the IPA range one descriptor of this page covers (spec 1.1), kept: every write asks.</summary>
    public int SlotShift { get; } = slotShift;

    /// <summary>The size of the IPA range one descriptor of this page covers.</summary>
    public ulong SlotSize => 1UL << SlotShift;

    /// <summary>
    /// One past the highest slot that ever held a non-zero descriptor: every slot from here on is zero, so
    /// a search for the next non-zero slot stops here (a 64K-granule table is 8,192 slots, most tables
    /// hold a few at the start, and every sweep looks for them).
    /// </summary>
    public int HighWater { get; set; }

    /// <summary>Non-zero descriptors (spec 2.6: the references the page holds on itself, less the first).</summary>
    public int Counted { get; set; }

    /// <summary>Root page index, or -1 for a table linked from a descriptor.</summary>
    public int RootIndex { get; init; } = -1;

    /// <summary>The physical address of the descriptor linking this page; 0 for a root or a detached page.</summary>
    public ulong ParentSlot { get; set; }

    /// <summary>Reachable from a root (roots always are); a detached page waits to be freed.</summary>
    public bool Attached { get; set; }

    /// <summary>Whether the current step wrote this page, linked it, or moved its count.</summary>
    public bool Touched { get; set; }

    /// <summary>While <see cref="Touched"/>: the page's position in the step's list of touched pages.</summary>
    public int StepIndex { get; set; }

    public bool IsRoot => RootIndex >= 0;

    /// <summary>The first non-zero descriptor at or after <paramref name="from"/>, or -1: most slots are zero, and a run of them is skipped at once.</summary>
    public int NextNonZero(int from) => NextNonZero(from, Entries.Length);

    /// <summary>As <see cref="NextNonZero(int)"/>, among the slots before <paramref name="last"/>.</summary>
    public int NextNonZero(int from, int last)
    {
        last = Math.Min(last, HighWater);
        if (from >= last)
        {
            return -1;
        }
        if (Entries[from] != 0)
        {
            return from;
        }
        var skip = Entries.AsSpan(from, last - from).IndexOfAnyExcept(0UL);
        return skip < 0 ? -1 : from + skip;
    }

    /// <summary>
    /// One past the last slot, before <paramref name="last"/>, of the run of leaves (<see cref="LeafRun"/>)
    /// that starts with the leaf in slot <paramref name="first"/>; <paramref name="pageShift"/> is the
    /// granule's, which places the output address field.
    /// </summary>
    public int RunEnd(int first, int last, int pageShift)
    {
        var head = Entries[first];
        if (!new Descriptor(head).IsValid)
        {
            // An annotation run repeats one value (step 0): the first other value ends it, found a vector at a time.
            var other = Entries.AsSpan(first + 1, last - first - 1).IndexOfAnyExcept(head);
            return other < 0 ? last : first + 1 + other;
        }
        var step = SlotSize;
        var addressBits = Descriptor.AddressBits(pageShift);
        var end = first + 1;
        // Slot k of a run holds head + k * step with head's other bits (LeafRun.Follows, pair after pair):
        // four slots are compared at once against that, and the scalar loop finds where a block breaks.
        if (Vector256.IsHardwareAccelerated)
        {
            var expected = Vector256.Create(head + step, head + (2 * step), head + (3 * step), head + (4 * step));
            var advance = Vector256.Create(4 * step);
            var heads = Vector256.Create(head);
            var others = Vector256.Create(~addressBits);
            var entries = Entries.AsSpan();
            while (end + 4 <= last)
            {
                var block = Vector256.Create<ulong>(entries.Slice(end, 4));
                if (!Vector256.EqualsAll(block, expected) || !Vector256.EqualsAll((block ^ heads) & others, Vector256<ulong>.Zero))
                {
                    break;
                }
                expected += advance;
                end += 4;
            }
        }
        while (end < last && LeafRun.Follows(Entries[end - 1], Entries[end], step, addressBits))
        {
            end++;
        }
        return end;
    }

    /// <summary>The slots whose ranges overlap <c>[start, end)</c>: the first, and one past the last.</summary>
    public (int First, int Last) SlotsOverlapping(ulong start, ulong end)
    {
        var first = Start >= start ? 0 : (int)Math.Min((ulong)Entries.Length, (start - Start) >> SlotShift);
        // The slot holding end - 1 is the last one the range reaches.
        var last = end <= Start ? 0 : (int)Math.Min((ulong)Entries.Length, ((end - Start - 1) >> SlotShift) + 1);
        return (first, last);
    }

    /// <summary>The descriptor in slot <paramref name="index"/> as a leaf: its range, level and slot.</summary>
    public LeafView LeafAt(int index)
    {
        var start = SlotStart(index);
        return new LeafView(start, start + SlotSize, Level, new Descriptor(Entries[index]), SlotAddress(index));
    }

    /// <summary>The run of <paramref name="count"/> leaves from slot <paramref name="first"/> on (<see cref="RunEnd"/> says how far one reaches).</summary>
    public LeafRun RunAt(int first, int count, int pageShift) => new(LeafAt(first), count, pageShift);

    /// <summary>The first IPA descriptor <paramref name="index"/> covers.</summary>
    public ulong SlotStart(int index) => Start + ((ulong)index << SlotShift);

    public ulong SlotAddress(int index) => Pa + ((ulong)index << 3);
}
