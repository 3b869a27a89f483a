using Harness.Implementation;
using Harness.Properties.Commands;

namespace Harness.Properties.Generators;

/// <summary>
/// Simpler versions of one command, simplest first, for FsCheck to try after it has removed whole
/// commands: sizes toward one page, addresses toward the block boundary below, owners toward the
/// hypervisor, permissions toward rwx. Identity maps stay identity maps.
/// </summary>
public static class Shrinker
{
    public static IEnumerable<Command> Shrink(Command c, ulong pageSize)
    {
        switch (c)
        {
            case Map m:
                foreach (var s in Sizes(m.Size, pageSize))
                {
                    yield return m with { Size = s };
                }
                foreach (var a in Addresses(m.Addr, pageSize))
                {
                    yield return m with { Addr = a, Phys = m.Phys == m.Addr ? a : m.Phys };
                }
                if (m.Prot != Prot.Rwx)
                {
                    yield return m with { Prot = Prot.Rwx };
                }
                break;
            case Unmap u:
                foreach (var s in Sizes(u.Size, pageSize))
                {
                    yield return u with { Size = s };
                }
                foreach (var a in Addresses(u.Addr, pageSize))
                {
                    yield return u with { Addr = a };
                }
                break;
            case SetOwner o:
                foreach (var s in Sizes(o.Size, pageSize))
                {
                    yield return o with { Size = s };
                }
                foreach (var a in Addresses(o.Addr, pageSize))
                {
                    yield return o with { Addr = a };
                }
                if (o.Owner > OwnerId.Hyp)
                {
                    yield return o with { Owner = OwnerId.Hyp };
                }
                break;
            case Donate d:
                foreach (var s in Sizes(d.Size, pageSize))
                {
                    yield return d with { Size = s };
                }
                foreach (var a in Addresses(d.Addr, pageSize))
                {
                    yield return d with { Addr = a };
                }
                break;
            case Fault f:
                foreach (var a in Addresses(f.Addr, pageSize))
                {
                    yield return f with { Addr = a };
                }
                break;
            case FailAlloc n when n.N > 1:
                yield return n with { N = 1 };
                break;
        }
    }

    /// <summary>One page, then half the size (page-rounded), when smaller.</summary>
    private static IEnumerable<ulong> Sizes(ulong size, ulong pageSize)
    {
        if (size > pageSize)
        {
            yield return pageSize;
            var half = (size / 2) & ~(pageSize - 1);
            if (half > pageSize)
            {
                yield return half;
            }
        }
    }

    /// <summary>The address rounded down to the next coarser power-of-two boundary, and to the page.</summary>
    private static IEnumerable<ulong> Addresses(ulong addr, ulong pageSize)
    {
        var paged = addr & ~(pageSize - 1);
        if (paged != addr)
        {
            yield return paged;
        }
        if (paged != 0)
        {
            var lowBit = paged & (0 - paged);
            yield return paged & ~lowBit;
        }
    }
}
