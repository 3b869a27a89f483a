using Harness.Implementation;
using Harness.Properties.Oracle;

namespace Harness.Properties;

/// <summary>
/// Whether a configuration can be set up, with a one-line reason when not, the same for the trace
/// parser, the command line and the generators: the IPA size the granule and layer allow, memory regions
/// the host accepts, and a pool small enough to simulate (both backends hold every pool page in memory).
/// </summary>
public static class ConfigCheck
{
    /// <summary>
    /// The most table memory a world may simulate, all its pools together: 32 MiB, the default pool of 512
    /// pages with the 64K granule (8192 pages with 4K, 2048 with 16K). It bounds what one command can cost:
    /// a page-granular <c>set_owner</c> or donation over a large range writes every descriptor the pools
    /// can hold (bytes / 8, here 4 Mi), a replay with <c>--dump</c> then prints them all, and a checking
    /// replay keeps a few hundred bytes of bookkeeping per write: at 32 MiB the worst command takes
    /// seconds and under 2 GB, at the former 1 GiB it took minutes and tens of GB. It is real memory too:
    /// the kernel's pool init zeroes every page.
    /// </summary>
    public const ulong MaxPoolBytes = 32UL << 20;

    /// <summary>PARange sizes a host IPA space may have (spec 6.1); 52 only with the 64K granule.</summary>
    public static readonly int[] PaRangeBits = [32, 36, 40, 42, 44, 48, 52];

    /// <summary>Mirrors the memblock limit the hypervisor copies (<c>HYP_MEMBLOCK_REGIONS</c>).</summary>
    public const int MaxRegions = 128;

    /// <summary>What is wrong and which item it is about (<c>ia</c>, <c>memory</c> with the region's index, <c>pool</c>, <c>layer</c>), or null.</summary>
    public static ConfigProblem? Find(HarnessConfig c)
    {
        var maxIa = c.Granule == Granule.Size64K ? 52 : 48;
        var granule = GranuleText.Format(c.Granule);
        if (c.IaBits < 32 || c.IaBits > maxIa)
        {
            return new("ia", -1, $"ia {c.IaBits} is not valid with the {granule} granule: use 32 to {maxIa} bits");
        }
        var geo = new SpecGeometry((int)c.Granule, c.IaBits);
        if (c.Layer == Layer.Stage2)
        {
            if (c.Memory.Count > 0)
            {
                return new("memory", 0, "memory is a host-layer item, but the layer is stage2");
            }
            if ((ulong)c.PoolPages << geo.PageShift > MaxPoolBytes || c.PoolPages < 0)
            {
                return new("pool", -1, $"a pool of {c.PoolPages} {granule} pages is more than the {MaxPoolBytes >> 20} MiB of table memory a world may simulate: at most {MaxPoolBytes >> geo.PageShift} {granule} pages");
            }
            return null;
        }
        if (Array.IndexOf(PaRangeBits, c.IaBits) < 0 || (c.IaBits == 52 && c.Granule != Granule.Size64K))
        {
            return new("ia", -1, $"ia {c.IaBits} is not a PARange size, which the host layer needs: use 32, 36, 40, 42, 44, 48 (52 with 64k)");
        }
        if (c.Memory.Count > MaxRegions)
        {
            return new("memory", MaxRegions, $"{c.Memory.Count} memory regions are more than the {MaxRegions} the hypervisor copies (HYP_MEMBLOCK_REGIONS)");
        }
        for (var i = 0; i < c.Memory.Count; i++)
        {
            var r = c.Memory[i];
            if (((r.Start | r.End) & (geo.PageSize - 1)) != 0)
            {
                return new("memory", i, $"memory region [0x{r.Start:x}, 0x{r.End:x}) is not aligned to the 0x{geo.PageSize:x}-byte page");
            }
            if (r.End <= r.Start)
            {
                return new("memory", i, $"memory region [0x{r.Start:x}, 0x{r.End:x}) is empty: END must be above BASE");
            }
            if (r.End > geo.Limit)
            {
                return new("memory", i, $"memory region [0x{r.Start:x}, 0x{r.End:x}) goes past the {c.IaBits}-bit address space");
            }
            if (i > 0 && r.Start < c.Memory[i - 1].End)
            {
                return new("memory", i, $"memory region [0x{r.Start:x}, 0x{r.End:x}) overlaps or comes before the one before it: regions must be sorted and disjoint");
            }
        }
        var (mem, dev, hyp) = SpecPools.Host(geo, c.Memory.Select(r => (r.Start, r.End)), c.Fixes.HasFlag(Fix.DonateMapsHyp));
        var bytes = (ulong)(mem + dev + hyp) << geo.PageShift;
        if (bytes > MaxPoolBytes)
        {
            // MiB rounded up, so that just past the limit does not read as the limit.
            return new("memory", c.Memory.Count - 1, $"these memory regions need {(mem + dev + hyp)} table pages ({(bytes + (1UL << 20) - 1) >> 20} MiB) in the host's pools, more than the {MaxPoolBytes >> 20} MiB of table memory a world may simulate ({MaxPoolBytes >> geo.PageShift} {granule} pages)");
        }
        return null;
    }

    /// <summary>The reason alone, for callers with no lines to point at.</summary>
    public static string? Problem(HarnessConfig c) => Find(c)?.Why;
}

/// <summary>A configuration that cannot be set up: the item at fault (and which memory region), and why.</summary>
public sealed record ConfigProblem(string Item, int Region, string Why);
