namespace Harness.Model;

/// <summary>
/// The reference spec of the raw stage-2 API on an identity-mapped table (spec 5): for every page of
/// the IPA space, who owns it and how it is mapped. No levels, no blocks, no refcounts.
/// </summary>
public sealed class PageTableModel(ulong pageSize, int iaBits, bool identityOnly = true)
{
    /// <summary>Spec 2.5: the largest owner id an annotation may carry.</summary>
    public const ulong MaxOwnerId = 1;

    public PageMap<PageState> Pages { get; } = new();

    public ulong PageSize { get; } = pageSize;

    public ulong Limit { get; } = 1UL << iaBits;

    /// <summary>False when the table has no root (spec 1.5): every walk answers -EINVAL.</summary>
    public bool HasRoot { get; set; } = true;

    /// <summary>
    /// Spec 5.3: map [addr, addr+size) to phys with access. <paramref name="stopAt"/> is the page of the
    /// first existing leaf the walk must stop at with -EAGAIN (spec 5.3.1: the same mapping up to
    /// permissions, at the level the new leaf would take); the caller works it out from the table.
    /// </summary>
    public Expectation Map(ulong addr, ulong size, ulong phys, Access access, ulong? stopAt)
    {
        if (identityOnly && addr != phys)
        {
            return Expectation.Refused(Result.EINVAL); // spec 5.3: IDMAP tables map IPA == PA only
        }
        if ((access & ~(Access.R | Access.W | Access.X | Access.Device)) != 0 || access.HasFlag(Access.X | Access.Device))
        {
            return Expectation.Refused(Result.EINVAL); // spec 5.2: executable device memory
        }
        var walk = Walk(addr, size, out var refused);
        if (refused is { } r)
        {
            return Expectation.Refused(r);
        }
        var mapped = PageState.MappedAt((phys & ~(PageSize - 1)) - walk.Start, access);
        if (stopAt is { } stop)
        {
            // spec 5.3.1: everything before the stopping leaf applied, the leaf and what follows untouched.
            return new(Result.EAGAIN, new PageRange(walk.Start, stop), mapped, [Result.ENOMEM]);
        }
        return new(Result.Ok, walk, mapped, [Result.ENOMEM]);
    }

    /// <summary>Spec 5.5: unmap [addr, addr+size): mappings and annotations cleared.</summary>
    public Expectation Unmap(ulong addr, ulong size)
    {
        var walk = Walk(addr, size, out var refused);
        return refused is { } r ? Expectation.Refused(r) : new(Result.Ok, walk, PageState.Unmapped, []);
    }

    /// <summary>Spec 5.4: set_owner [addr, addr+size) to owner; owner 0 gives the pages back unmapped.</summary>
    public Expectation SetOwner(ulong addr, ulong size, ulong owner)
    {
        if (owner > MaxOwnerId)
        {
            return Expectation.Refused(Result.EINVAL); // spec 5.4: checked before walking
        }
        var walk = Walk(addr, size, out var refused);
        if (refused is { } r)
        {
            return Expectation.Refused(r);
        }
        // spec 5.4: never -EAGAIN; -ENOMEM leaves a prefix.
        return new(Result.Ok, walk, PageState.OwnedBy(owner), [Result.ENOMEM]);
    }

    /// <summary>Spec 4.3: the state of the page holding addr, or the walk's refusal.</summary>
    public Result GetLeaf(ulong addr, out PageState state)
    {
        var walk = Walk(addr, PageSize, out var refused);
        state = refused is null ? Pages[walk.Start] : default;
        return refused ?? Result.Ok;
    }

    /// <summary>Applies what the Implementation was seen to do: the pages of the range below <paramref name="changedEnd"/>.</summary>
    public void Apply(Expectation e, ulong changedEnd) => Pages.Set(e.Range.Start, Math.Min(changedEnd, e.Range.End), e.NewState);

    /// <summary>
    /// Spec 4.1: the page-aligned walk of [addr, addr+size). -ERANGE past 2^ia, -EINVAL without a root;
    /// a range that wraps past 2^64 walks nothing and succeeds.
    /// </summary>
    public PageRange Walk(ulong addr, ulong size, out Result? refused)
    {
        var start = addr & ~(PageSize - 1);
        var end = (start + size + PageSize - 1) & ~(PageSize - 1);
        refused = start > Limit || end > Limit ? Result.ERANGE : !HasRoot ? Result.EINVAL : null;
        return end > start ? new PageRange(start, end) : PageRange.Empty;
    }
}
