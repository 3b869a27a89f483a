using BenchmarkDotNet.Attributes;
using Harness.Implementation;

namespace Harness.Bench;

/// <summary>What does one map and unmap of 512 pages cost in the bare walker (no checks), and does it allocate?</summary>
[MemoryDiagnoser]
public class WalkerMap
{
    private Stage2System _s2 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _s2 = Stage2System.Create(Geometry.Stage2(Granule.Size4K, 40)!.Value, 64);
        _s2.Log.Enabled = false;
    }

    [Benchmark]
    public Errno MapUnmap512Pages()
    {
        // Unaligned by one page, so the walk writes 511 page entries and cannot use a block.
        _s2.Map(0x4000_1000, 0x1ff000, 0x4000_1000, Prot.Rwx);
        return _s2.Unmap(0x4000_1000, 0x1ff000);
    }
}
