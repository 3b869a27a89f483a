using Harness.Implementation;
using Harness.Properties.Backends.Kernel;

namespace Harness.Properties.Tests.Kernel;

/// <summary>
/// The kernel backend through its raw binding: the kernel's own v5.13 files, built for every granule,
/// profile and stock, replay the trace format's example exactly, show the stock defects the profile
/// fixes, apply each per-instance fix, inject allocation failures, deliver bounded event batches and
/// keep instances apart. No call here may hit a kernel BUG.
/// </summary>
public class KernelNativeTests
{
    private const ulong Ipa = 0x4000_0000;
    private const ulong HypAnnotation = 0x0100_0000_0000_0000;
    private const ulong S2Xn = 1UL << 54;

    private static readonly MemRange OneGiB = new(0x4000_0000, 0x8000_0000);

    private static Geometry Geo(Granule granule, int ia) => Geometry.Stage2(granule, ia)!.Value;

    /// <summary>A command's result, which must never be the BUG answer.</summary>
    private static int Ok(int result)
    {
        Assert.NotEqual(KernelInstance.EBug, result);
        return result;
    }

    private static (ulong Pte, int Level) Leaf(KernelInstance k, ulong addr)
    {
        Assert.Equal(0, Ok(k.GetLeaf(addr, out var pte, out var level)));
        return (pte, level);
    }

    private static ulong Used(KernelInstance k) => (ulong)k.Pools.Sum(p => (long)p.UsedPages);

    private static ulong Block(ulong pa, int level) => pa | (level == 3 ? 0x7FFUL : 0x7FDUL);

    private static KernelInstance Host(KernelLibrary lib, EventRecorder log, KernelFixes fixes = KernelFixes.None)
    {
        Assert.Equal(0, KernelInstance.TryCreate(lib, KernelConfig.Host(40, [OneGiB], fixes), log.Sink, out var k));
        return k!;
    }

    public class TraceExample
    {
        // Trace format section 3 on 4K, ia 40, pool 16: every event of both commands, counts and memory.
        [Fact]
        public void MapThenSetOwner_4K_IsTheWorkedExampleExactly()
        {
            var lib = KernelLibraries.Get(Granule.Size4K, stock: false);
            var log = new EventRecorder();
            using var k = KernelInstance.Create(lib, KernelConfig.Stage2(40, 16), log.Sink);
            const ulong root = 64UL << 40, l2 = root + 0x2000, l3 = root + 0x3000;
            Assert.Equal((root, 2, 1), (k.RootPa, k.RootPages, k.StartLevel));
            Assert.Empty(log.Events);

            Assert.Equal(0, Ok(k.Map(Ipa, 0x20_0000, Ipa, Prot.Rwx)));
            Assert.Equal(
                [
                    $"Alloc 0x{l2:x} order 0",
                    $"write 0x{root + 8:x} 0x0000000000000000 -> 0x{l2 | 3:x16}",
                    $"Get 0x{root:x} 1 -> 2",
                    $"write 0x{l2:x} 0x0000000000000000 -> 0x00000000400007fd",
                    $"Get 0x{l2:x} 1 -> 2",
                ],
                log.Lines);
            // root 0 rc=2, L1 table rc=2, L2 leaf 0x00000000400007fd, root 1 rc=1, pool used=3
            Assert.Equal((2, 2, 1), (k.PageCount(root), k.PageCount(l2), k.PageCount(root + 0x1000)));
            Assert.Equal(l2 | 3, k.ReadDescriptor(root + 8));
            Assert.Equal(0x4000_07FDUL, k.ReadDescriptor(l2));
            Assert.Equal(3UL, Used(k));

            log.Clear();
            Assert.Equal(0, Ok(k.SetOwner(0x4000_1000, 0x1000, 1)));
            Assert.Equal(
                [
                    $"Alloc 0x{l3:x} order 0",
                    $"write 0x{l2:x} 0x00000000400007fd -> 0x0000000000000000",
                    "tlbi ipa 0x0000000040001000 level 2",
                    $"Put 0x{l2:x} 2 -> 1",
                    $"write 0x{l2:x} 0x0000000000000000 -> 0x{l3 | 3:x16}",
                    $"Get 0x{l2:x} 1 -> 2",
                    $"write 0x{l3 + 8:x} 0x0000000000000000 -> 0x0100000000000000",
                    $"Get 0x{l3:x} 1 -> 2",
                ],
                log.Lines);
            // root 0 rc=2, L1 table rc=2, L2 table rc=2, L3 invalid 0x0100000000000000, root 1 rc=1, pool used=4
            Assert.Equal((2, 2, 2, 1), (k.PageCount(root), k.PageCount(l2), k.PageCount(l3), k.PageCount(root + 0x1000)));
            Assert.Equal(HypAnnotation, k.ReadDescriptor(l3 + 8));
            Assert.Equal(0UL, k.ReadDescriptor(l3));
            Assert.Equal(4UL, Used(k));
            Assert.Equal(2UL, k.AllocAttempts);
        }

        // The example's shape on every granule and both builds: one level-2 block, then one page annotated inside it.
        [Theory]
        [MemberData(nameof(KernelLibraries.Variants), MemberType = typeof(KernelLibraries))]
        public void MapThenSetOwner_SplitsTheBlock(Granule granule, bool stock)
        {
            var lib = KernelLibraries.Get(granule, stock);
            var geo = Geo(granule, 40);
            var log = new EventRecorder();
            using var k = KernelInstance.Create(lib, KernelConfig.Stage2(40, granule == Granule.Size16K ? 64UL : 16), log.Sink);
            var tables = (ulong)Math.Max(0, 2 - geo.StartLevel);

            Assert.Equal(0, Ok(k.Map(Ipa, geo.LevelSize(2), Ipa, Prot.Rwx)));
            Assert.Equal((Block(Ipa, 2), 2), Leaf(k, Ipa));
            Assert.Equal((ulong)geo.RootPages + tables, Used(k));
            for (var i = 1; i < geo.RootPages; i++)
            {
                Assert.Equal(stock ? 0 : 1, k.PageCount(k.RootPa + ((ulong)i << geo.PageShift)));
            }

            log.Clear();
            Assert.Equal(0, Ok(k.SetOwner(Ipa + geo.PageSize, geo.PageSize, 1)));
            var tlbi = Assert.Single(log.Events, e => e.Kind == NativeEventKind.TlbiIpa);
            Assert.Equal((Ipa + geo.PageSize, 2), (tlbi.Ipa, tlbi.Level));
            Assert.Equal((HypAnnotation, 3), Leaf(k, Ipa + geo.PageSize));
            Assert.Equal((0UL, 3), Leaf(k, Ipa));
            Assert.Equal((ulong)geo.RootPages + tables + 1, Used(k));
            var write = log.Events.Last(e => e.Kind == NativeEventKind.PteWrite);
            Assert.Equal(HypAnnotation, k.ReadDescriptor(write.Pa));
        }
    }

    public class StockDefects
    {
        // "Fix host stage-2 PGD refcount" (v5.15): stock tail root pages start at 0, profile ones at 1.
        [Theory]
        [MemberData(nameof(KernelLibraries.Variants), MemberType = typeof(KernelLibraries))]
        public void TailRootPages_StartAtZeroInStock(Granule granule, bool stock)
        {
            var ia = granule switch { Granule.Size4K => 42, Granule.Size16K => 40, _ => 44 };
            var geo = Geo(granule, ia);
            var log = new EventRecorder();
            using var k = KernelInstance.Create(KernelLibraries.Get(granule, stock), KernelConfig.Stage2(ia, 64), log.Sink);
            Assert.Equal(geo.RootPages, k.RootPages);
            Assert.True(geo.RootPages > 1);
            Assert.Equal(1, k.PageCount(k.RootPa));
            for (var i = 1; i < geo.RootPages; i++)
            {
                Assert.Equal(stock ? 0 : 1, k.PageCount(k.RootPa + ((ulong)i << geo.PageShift)));
            }

            // The last entry of a tail page goes: stock drops it to 0 inside the root block.
            var tail = 1UL << geo.LevelShift(geo.StartLevel - 1);
            Assert.Equal(0, Ok(k.Map(tail, geo.PageSize, tail, Prot.Rw)));
            log.Clear();
            Assert.Equal(0, Ok(k.Unmap(tail, geo.PageSize)));
            Assert.Equal(stock ? 1 : 0, log.Count(NativeEventKind.CorruptingFree));
            Assert.Equal(stock ? 0 : 1, k.PageCount(k.RootPa + geo.PageSize));
            Assert.Equal(1, k.PageAllocated(k.RootPa + geo.PageSize));
        }

        // "Don't pass a TLBI level hint when tearing down table entries" (v6.9): stock hints the table's level.
        [Theory]
        [MemberData(nameof(KernelLibraries.Variants), MemberType = typeof(KernelLibraries))]
        public void TableRemoval_HintsItsLevelInStock_NoHintInProfile(Granule granule, bool stock)
        {
            var ia = KernelLibraries.SmallIa(granule);
            var geo = Geo(granule, ia);
            var log = new EventRecorder();
            using var k = KernelInstance.Create(KernelLibraries.Get(granule, stock), KernelConfig.Stage2(ia, 16), log.Sink);
            Assert.Equal(0, Ok(k.Map(Ipa, geo.PageSize, Ipa, Prot.Rw)));
            log.Clear();
            Assert.Equal(0, Ok(k.Unmap(Ipa, geo.PageSize)));
            var tlbis = log.Events.Where(e => e.Kind == NativeEventKind.TlbiIpa).Select(e => e.Level).ToArray();
            // The page at level 3, then each emptied table from the bottom up.
            int[] tables = [.. Enumerable.Range(geo.StartLevel, 3 - geo.StartLevel).Reverse().Select(l => stock ? l : -1)];
            Assert.Equal([3, .. tables], tlbis);
            Assert.Equal(tables.Length, log.Count(NativeEventKind.Free));
        }

        // "Fix off-by-one in range_is_memory" (v5.14): stock refuses a donation ending exactly at a region's end.
        [Theory]
        [MemberData(nameof(KernelLibraries.Variants), MemberType = typeof(KernelLibraries))]
        public void DonationEndingAtRegionEnd_IsRefusedInStock(Granule granule, bool stock)
        {
            var page = 1UL << (int)granule;
            var log = new EventRecorder();
            using var k = Host(KernelLibraries.Get(granule, stock), log);
            Assert.Equal(stock ? -22 : 0, Ok(k.Donate(OneGiB.End - (2 * page), 2 * page)));
            Assert.Equal(stock ? 0UL : HypAnnotation, Leaf(k, OneGiB.End - page).Pte);
        }
    }

    public class Fixes
    {
        // page-sized-annotations: the annotation of a level-2-sized range is written page by page.
        [Theory]
        [InlineData(Granule.Size4K)]
        [InlineData(Granule.Size16K)]
        [InlineData(Granule.Size64K)]
        public void PageSizedAnnotations_AnnotateAtLevel3(Granule granule)
        {
            var geo = Geo(granule, 40);
            var lib = KernelLibraries.Get(granule, stock: false);
            using (var blocks = KernelInstance.Create(lib, KernelConfig.Stage2(40, 64)))
            {
                Assert.Equal(0, Ok(blocks.SetOwner(Ipa, geo.LevelSize(2), 1)));
                Assert.Equal((HypAnnotation, 2), Leaf(blocks, Ipa));
            }
            using var pages = KernelInstance.Create(lib, KernelConfig.Stage2(40, 64, KernelFixes.PageSizedAnnotations));
            Assert.Equal(0, Ok(pages.SetOwner(Ipa, 3 * geo.PageSize, 1)));
            Assert.Equal((HypAnnotation, 3), Leaf(pages, Ipa + (2 * geo.PageSize)));
            Assert.Equal((0UL, 3), Leaf(pages, Ipa + (3 * geo.PageSize)));
            Assert.Equal(-22, Ok(pages.SetOwner(Ipa, geo.PageSize, 2)));
            Assert.Equal(-34, Ok(pages.SetOwner(1UL << 40, geo.PageSize, 1)));
        }

        // page-sized-annotations runs set_owner once per page; the events are those of one forced walk (the port's).
        [Theory]
        [InlineData(Granule.Size4K)]
        [InlineData(Granule.Size16K)]
        [InlineData(Granule.Size64K)]
        public void PageSizedAnnotations_EventsAreThoseOfOneForcedWalk(Granule granule)
        {
            var ia = KernelLibraries.SmallIa(granule);
            var geo = Geo(granule, ia);
            var log = new EventRecorder();
            using var k = KernelInstance.Create(KernelLibraries.Get(granule, stock: false), KernelConfig.Stage2(ia, 64, KernelFixes.PageSizedAnnotations | KernelFixes.PoolMaxOrder), log.Sink);
            var port = Stage2System.Create(geo, 64);
            // A block to split, a range across a table boundary, and a range over existing annotations.
            (ulong Addr, ulong Size)[] ranges = [(Ipa + geo.PageSize, 3 * geo.PageSize), (Ipa + geo.LevelSize(2) - (2 * geo.PageSize), 4 * geo.PageSize), (Ipa, 8 * geo.PageSize)];
            Assert.Equal(0, Ok(k.Map(Ipa, geo.LevelSize(2), Ipa, Prot.Rwx)));
            Assert.Equal(Errno.Ok, port.Map(Ipa, geo.LevelSize(2), Ipa, Prot.Rwx));
            foreach (var (addr, size) in ranges)
            {
                log.Clear();
                port.Log.Clear();
                Assert.Equal(0, Ok(k.SetOwner(addr, size, 1)));
                Assert.Equal(Errno.Ok, port.SetOwner(addr, size, 1));
                Assert.Equal(PortEvents.Normalise(port.Log.Since(0)), PortEvents.Normalise(log.Events));
            }
        }

        // pool-max-order: a 16-page pool's largest order becomes 5, so it can hand out a 16-page root.
        [Fact]
        public void PoolMaxOrder_PowerOfTwoPoolIsOneBlock()
        {
            var lib = KernelLibraries.Get(Granule.Size4K, stock: false);
            Assert.Equal(-12, KernelInstance.TryCreate(lib, KernelConfig.Stage2(43, 16), null, out var v513));
            using (v513)
            {
                Assert.Equal((0UL, 4U), (v513!.RootPa, v513.Pools[0].MaxOrder));
                Assert.Equal(-22, Ok(v513.Map(Ipa, 0x1000, Ipa, Prot.Rw)));
                Assert.Equal(-34, Ok(v513.Map(1UL << 44, 0x1000, 1UL << 44, Prot.Rw)));
            }
            Assert.Equal(0, KernelInstance.TryCreate(lib, KernelConfig.Stage2(43, 16, KernelFixes.PoolMaxOrder), null, out var v517));
            using (v517)
            {
                Assert.Equal((16, 5U, 16UL), (v517!.RootPages, v517.Pools[0].MaxOrder, v517.Pools[0].UsedPages));
            }
        }

        // donate-checks-owner: unaligned, MMIO and foreign ranges are refused before anything changes.
        [Fact]
        public void DonateChecksOwner_RefusesBeforeAnythingChanges()
        {
            var log = new EventRecorder();
            using var k = Host(KernelLibraries.Get(Granule.Size4K, stock: false), log, KernelFixes.DonateChecksOwner);
            Assert.Equal(0, Ok(k.Donate(Ipa + 0x1000, 0x1000)));
            log.Clear();
            Assert.Equal(-1, Ok(k.Donate(Ipa, 0x2000)));
            Assert.Equal(-22, Ok(k.Donate(Ipa + 1, 0x1000)));
            Assert.Equal(-22, Ok(k.Donate(Ipa, 0x1001)));
            Assert.Equal(-22, Ok(k.Donate(0x1000, 0x1000)));
            Assert.Equal(-22, Ok(k.Donate(Ipa, ulong.MaxValue - 0xFFF)));
            Assert.Empty(log.Events);
            Assert.Equal(0UL, Leaf(k, Ipa).Pte);
        }

        // donate-maps-hyp: the donated page is mapped at EL2, VA = PA, as PAGE_HYP, read from the hyp table in memory.
        [Theory]
        [InlineData(Granule.Size4K)]
        [InlineData(Granule.Size16K)]
        [InlineData(Granule.Size64K)]
        public void DonateMapsHyp_MapsTheRangeAtEl2(Granule granule)
        {
            var log = new EventRecorder();
            using var k = Host(KernelLibraries.Get(granule, stock: false), log, KernelFixes.DonateMapsHyp);
            var geo = Geometry.HypStage1(granule, 48)!.Value;
            Assert.Equal(["mem", "dev", "hyp"], k.Pools.Select(p => p.Name));
            Assert.Equal((48, geo.StartLevel), (k.HypIaBits, k.HypStartLevel));
            Assert.Equal(0, Ok(k.Donate(Ipa, geo.PageSize)));
            var table = k.HypRootPa;
            var pte = 0UL;
            var level = geo.StartLevel;
            for (; level <= 3; level++)
            {
                pte = k.ReadDescriptor(table + (8 * (ulong)geo.Index(Ipa, level)));
                if (level == 3 || (pte & 3) != 3)
                {
                    break;
                }
                table = new Pte(pte).OutputAddress(geo.PageShift);
            }
            // AttrIndx normal, AP read/write, SH inner, AF, XN, a page.
            Assert.Equal((3, Ipa | 0x743 | S2Xn), (level, pte));
            Assert.True(k.Pools[2].Contains(table));
        }
    }

    public class FailAlloc
    {
        // fail_alloc 1: the next table allocation fails without touching the pool; nothing is written.
        [Theory]
        [MemberData(nameof(KernelLibraries.Variants), MemberType = typeof(KernelLibraries))]
        public void NextAllocation_Fails_AndTheRetrySucceeds(Granule granule, bool stock)
        {
            var ia = KernelLibraries.SmallIa(granule);
            var geo = Geo(granule, ia);
            var log = new EventRecorder();
            using var k = KernelInstance.Create(KernelLibraries.Get(granule, stock), KernelConfig.Stage2(ia, 16), log.Sink);
            var used = Used(k);
            k.FailAlloc(1);
            Assert.Equal(-12, Ok(k.Map(Ipa, geo.PageSize, Ipa, Prot.Rwx)));
            var failed = Assert.Single(log.Events);
            Assert.Equal((NativeEventKind.AllocFailed, k.Pools[0].BasePa, 1UL), (failed.Kind, failed.Pa, failed.B));
            Assert.Equal((1UL, used), (k.AllocAttempts, Used(k)));
            Assert.Equal(0, Ok(k.Map(Ipa, geo.PageSize, Ipa, Prot.Rwx)));
            Assert.Equal(1UL + (ulong)(3 - geo.StartLevel), k.AllocAttempts);
        }

        // donate-maps-hyp: a hyp table allocation that fails is the donation's result, after the host annotation.
        [Fact]
        public void HypAllocationFailure_IsTheDonationsResult()
        {
            var log = new EventRecorder();
            using var k = Host(KernelLibraries.Get(Granule.Size4K, stock: false), log, KernelFixes.DonateMapsHyp);
            Assert.Equal(0, Ok(k.Donate(Ipa, 0x1000)));
            // The next donation needs one host table and one hyp table: fail the second.
            k.FailAlloc(2);
            log.Clear();
            Assert.Equal(-12, Ok(k.Donate(Ipa + 0x20_0000, 0x1000)));
            Assert.Equal(HypAnnotation, Leaf(k, Ipa + 0x20_0000).Pte);
            var failed = log.Events[^1];
            Assert.Equal((NativeEventKind.AllocFailed, k.Pools[2].BasePa, 1UL), (failed.Kind, failed.Pa, failed.B));
        }
    }

    public class Events
    {
        // 64 MiB annotated page by page: tens of thousands of events, delivered in bounded batches.
        [Theory]
        [InlineData(Granule.Size4K)]
        [InlineData(Granule.Size64K)]
        public void SetOwnerOver64MiB_ArrivesInSeveralBoundedBatches(Granule granule)
        {
            var geo = Geo(granule, 40);
            const ulong size = 64UL << 20;
            var pages = size >> geo.PageShift;
            var log = new EventRecorder();
            using var k = KernelInstance.Create(KernelLibraries.Get(granule, stock: false), KernelConfig.Stage2(40, 256, KernelFixes.PageSizedAnnotations), log.Sink);
            Assert.Equal(0, Ok(k.SetOwner(Ipa, size, 1)));
            Assert.Equal((long)pages, log.Count(NativeEventKind.PteWrite) - log.Count(NativeEventKind.Alloc));
            Assert.True(log.Batches > 1, $"{log.Events.Count} events in {log.Batches} batch(es)");
            Assert.True(log.LargestBatch <= 1024, $"a batch of {log.LargestBatch}");
            // Every page of the range carries the annotation, in the last-level tables the events name.
            var annotated = log.Events.Where(e => e.Kind == NativeEventKind.PteWrite && e.B == HypAnnotation).Select(e => e.Pa).ToArray();
            Assert.Equal((int)pages, annotated.Length);
            Assert.All(annotated, pa => Assert.Equal(HypAnnotation, k.ReadDescriptor(pa)));
            Assert.Equal(0UL, Leaf(k, Ipa + size).Pte);
            Assert.Equal((HypAnnotation, 3), Leaf(k, Ipa + size - geo.PageSize));
        }

        // A sink that throws cannot unwind through the kernel: the command completes and the exception follows.
        [Fact]
        public void SinkException_IsRethrownAfterTheCommand()
        {
            var lib = KernelLibraries.Get(Granule.Size4K, stock: false);
            using var k = KernelInstance.Create(lib, KernelConfig.Stage2(40, 16), _ => throw new InvalidOperationException("sink"));
            Assert.Equal("sink", Assert.Throws<InvalidOperationException>(() => k.Map(Ipa, 0x1000, Ipa, Prot.Rw)).Message);
            Assert.Equal(Block(Ipa, 3) | S2Xn, Leaf(k, Ipa).Pte);
        }
    }

    public class Instances
    {
        // Instances of both layers alive at once, interleaved, each keeps its own tables and pools.
        [Fact]
        public void ThreeInstances_DoNotDisturbEachOther()
        {
            var lib = KernelLibraries.Get(Granule.Size4K, stock: false);
            var log = new EventRecorder();
            using var raw = KernelInstance.Create(lib, KernelConfig.Stage2(40, 16));
            using var a = Host(lib, log);
            using var b = Host(lib, log, KernelFixes.DonateChecksOwner);
            Assert.Equal(0, Ok(raw.Map(Ipa, 0x1000, Ipa, Prot.Rwx)));
            Assert.Equal(0, Ok(a.Fault(Ipa)));
            Assert.Equal(0, Ok(b.Donate(Ipa, 0x1000)));
            Assert.Equal(Block(Ipa, 3), Leaf(raw, Ipa).Pte);
            Assert.Equal((Block(Ipa, 1), 1), Leaf(a, Ipa));
            Assert.Equal(HypAnnotation, Leaf(b, Ipa).Pte);
            Assert.Equal(-17, Ok(b.Fault(Ipa)));
            Assert.Equal(-11, Ok(a.Fault(Ipa)));
            a.Dispose();
            Assert.Equal(HypAnnotation, Leaf(b, Ipa).Pte);
            Assert.Equal(-1, Ok(b.Donate(Ipa, 0x1000)));
        }

        // Two slots of one library have their own statics: host instances run on two threads at once.
        [Fact]
        public void TwoSlots_RunInParallel()
        {
            var slots = new[] { KernelLibraries.Get(Granule.Size4K, false, slot: 1), KernelLibraries.Get(Granule.Size4K, false, slot: 2) };
            Assert.NotEqual(slots[0].Path, slots[1].Path);
            Parallel.For(0, 2, i =>
            {
                var log = new EventRecorder();
                using var k = Host(slots[i], log);
                for (var n = 0; n < 200; n++)
                {
                    var addr = Ipa + ((ulong)((n * 7) + i) % 512 * 0x20_0000);
                    var donated = Ok(k.Donate(addr, 0x1000));
                    Assert.Equal(0, donated);
                    Assert.Equal(-17, Ok(k.Fault(addr)));
                }
            });
        }
    }
}
