namespace Harness.Properties.Generators;

/// <summary>The simpler values a command's argument shrinks to, simplest first.</summary>
public static class Shrinks
{
    /// <summary>One page, then half the size (page-rounded), when smaller.</summary>
    public static IEnumerable<ulong> Sizes(ulong size, ulong pageSize)
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

    /// <summary>The address rounded down to the page, then to the next coarser power-of-two boundary.</summary>
    public static IEnumerable<ulong> Addresses(ulong addr, ulong pageSize)
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
