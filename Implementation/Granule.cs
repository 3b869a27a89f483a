namespace Harness.Implementation;

/// <summary>The translation granule (spec 1.1), named by its page size.</summary>
public enum Granule
{
    Size4K = 12,
    Size16K = 14,
    Size64K = 16,
}
