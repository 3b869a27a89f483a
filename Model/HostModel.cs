namespace Harness.Model;

/// <summary>
/// The reference spec of the pKVM host stage 2 (spec 6): who owns each page, which pages the host has
/// mapped (its lazily built identity map), and which pages are memory. The host may touch a page iff it
/// owns it; a fault maps the largest block around the page that the host owns and that lies in one
/// memory region or one MMIO gap (blockSizes: the table's leaf sizes, spec 1.2, largest first);
/// donation moves memory to the hypervisor.
/// </summary>
public sealed class HostModel(ulong pageSize, int iaBits, IReadOnlyList<(ulong Start, ulong End)> memory, IReadOnlyList<ulong> blockSizes, bool donateChecksOwner = false)
{
    public const ulong Host = 0;
    public const ulong Hyp = 1;

    public PageMap<PageState> Pages { get; } = new();

    public IReadOnlyList<(ulong Start, ulong End)> Memory { get; } = memory;

    public ulong PageSize { get; } = pageSize;

    public ulong Limit { get; } = 1UL << iaBits;

    public bool IsMemory(ulong addr)
    {
        foreach (var (s, e) in Memory)
        {
            if (addr >= s && addr < e)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Spec 6.2 step 2: memory is mapped read-write-execute, MMIO read-write.</summary>
    public PageState MappingOf(ulong addr) => PageState.MappedAt(0, IsMemory(addr) ? Access.R | Access.W | Access.X : Access.R | Access.W);

    /// <summary>
    /// Spec 6.2: the host touches addr. Someone else's page is refused with -EEXIST; beyond the IPA space,
    /// -ERANGE. Otherwise the largest block (spec 5.9) is mapped: 0, or -EAGAIN when that very leaf is
    /// already there (<paramref name="blockAlreadyMapped"/>, spec 5.3.1); -ENOMEM leaves it unmapped.
    /// </summary>
    public Expectation Fault(ulong addr, bool blockAlreadyMapped)
    {
        var page = addr & ~(PageSize - 1);
        if (page >= Limit)
        {
            return Expectation.Refused(Result.ERANGE);
        }
        if (Pages[page].Owner != Host)
        {
            return Expectation.Refused(Result.EEXIST);
        }
        return new(blockAlreadyMapped ? Result.EAGAIN : Result.Ok, Block(page), MappingOf(page), [Result.ENOMEM]);
    }

    /// <summary>
    /// Spec 5.9: the largest block at a leaf level that contains the page, lies inside its memory region
    /// or MMIO gap, and holds no page the host does not own.
    /// </summary>
    public PageRange Block(ulong page)
    {
        var window = Window(page);
        foreach (var size in blockSizes)
        {
            var start = page & ~(size - 1);
            var end = start + size;
            if (start >= window.Start && end <= window.End && end <= Limit &&
                !Pages.Any(start, end, page => page.Owner != Host))
            {
                return new PageRange(start, end);
            }
        }
        return new PageRange(page, page + PageSize);
    }

    /// <summary><see cref="Window"/> and <see cref="IsMemory"/> of <paramref name="addr"/> at once.</summary>
    public (PageRange Window, bool IsMemory) RegionAt(ulong addr) => (Window(addr), IsMemory(addr));

    /// <summary>Spec 6.1 find_mem_range: the memory region holding addr, or the MMIO gap around it.</summary>
    public PageRange Window(ulong addr)
    {
        ulong start = 0, end = ulong.MaxValue;
        foreach (var (s, e) in Memory)
        {
            if (addr >= s && addr < e)
            {
                return new PageRange(s, e);
            }
            if (e <= addr)
            {
                start = e;
            }
            else if (s > addr && s < end)
            {
                end = s;
            }
        }
        return new PageRange(start, end);
    }

    /// <summary>Spec 6.2 step 5: the MMIO recycling unmaps every page outside memory.</summary>
    public void UnmapAllMmio()
    {
        ulong start = 0;
        foreach (var (s, e) in Memory)
        {
            Pages.Set(start, s, PageState.Unmapped);
            start = e;
        }
        Pages.Set(start, Limit, PageState.Unmapped);
    }

    /// <summary>
    /// Spec 6.3: donate [start, start+size) to the hypervisor. -EINVAL unless start and end - 1 lie in one
    /// memory region; then the pages of the walk (spec 4.1: rounded out to pages from the rounded-down
    /// start) become the hypervisor's. With the donate-checks-owner fix, an unaligned range is -EINVAL
    /// and a range holding a page the host does not own is -EPERM, before anything changes.
    /// </summary>
    public Expectation Donate(ulong start, ulong size)
    {
        var end = start + size;
        if (donateChecksOwner && (((start | size) & (PageSize - 1)) != 0 || end < start))
        {
            return Expectation.Refused(Result.EINVAL);
        }
        if (!InOneRegion(start, end))
        {
            return Expectation.Refused(Result.EINVAL);
        }
        var walkStart = start & ~(PageSize - 1);
        var walkEnd = (walkStart + size + PageSize - 1) & ~(PageSize - 1);
        var walk = walkEnd > walkStart ? new PageRange(walkStart, walkEnd) : PageRange.Empty;
        if (donateChecksOwner && Pages.Any(walk.Start, walk.End, page => page.Owner != Host))
        {
            return Expectation.Refused(Result.EPERM);
        }
        return new(Result.Ok, walk, PageState.OwnedBy(Hyp), [Result.ENOMEM]);
    }

    /// <summary>Applies what the Implementation was seen to do: the pages of the range below <paramref name="changedEnd"/>.</summary>
    public void Apply(Expectation e, ulong changedEnd) => Pages.Set(e.Range.Start, Math.Min(changedEnd, e.Range.End), e.NewState);

    private bool InOneRegion(ulong start, ulong end) =>
        Memory.Any(r => start >= r.Start && start < r.End && end - 1 >= r.Start && end - 1 < r.End);
}
