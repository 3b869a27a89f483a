namespace Harness.Model;

/// <summary>
/// The reference spec of the pKVM host stage 2 (spec 6): who owns each page, and which pages are
/// memory. The host may touch a page iff it owns it; donation moves memory to the hypervisor.
/// Mappings are the host's lazily built cache and are not modelled.
/// </summary>
public sealed class HostModel(ulong pageSize, int iaBits, IReadOnlyList<(ulong Start, ulong End)> memory, bool donateChecksOwner = false)
{
    public const ulong Host = 0;
    public const ulong Hyp = 1;

    public PageMap<ulong> Owners { get; } = new();

    public IReadOnlyList<(ulong Start, ulong End)> Memory { get; } = memory;

    public ulong PageSize { get; } = pageSize;

    public ulong Limit { get; } = 1UL << iaBits;

    public bool IsMemory(ulong addr) => Memory.Any(r => addr >= r.Start && addr < r.End);

    /// <summary>
    /// Spec 6.2: the host touches addr. Its own page gets mapped (0, or -EAGAIN if it already was);
    /// someone else's is refused with -EEXIST; beyond the IPA space, -ERANGE.
    /// </summary>
    public Expectation Fault(ulong addr)
    {
        var page = addr & ~(PageSize - 1);
        if (page >= Limit)
        {
            return Expectation.Refused(Result.ERANGE);
        }
        if (Owners[page] != Host)
        {
            return Expectation.Refused(Result.EEXIST);
        }
        return new(Result.Ok, PageRange.Empty, default, [Result.EAGAIN, Result.ENOMEM], PageRange.Empty);
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
        if (donateChecksOwner && Owners.Runs(walk.Start, walk.End).Any(run => run.Value != Host))
        {
            return Expectation.Refused(Result.EPERM);
        }
        return new(Result.Ok, walk, PageState.OwnedBy(Hyp), [Result.ENOMEM], PageRange.Empty);
    }

    /// <summary>Applies what the Implementation was seen to do: ownership of the first pages of the range changed.</summary>
    public void Apply(Expectation e, ulong changedEnd) => Owners.Set(e.Range.Start, Math.Min(changedEnd, e.Range.End), e.NewState.Owner);

    private bool InOneRegion(ulong start, ulong end) =>
        Memory.Any(r => start >= r.Start && start < r.End && end - 1 >= r.Start && end - 1 < r.End);
}
