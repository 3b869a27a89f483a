using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class HostStage2Tests
{
    private static readonly MemRange OneGiB = new(0x4000_0000, 0x8000_0000);

    /// <summary>A 4K, 40-bit v5.13 host with the given memory regions.</summary>
    private static HostStage2 NewHost(params MemRange[] regions) => NewHost(Fix.None, regions);

    /// <summary>A 4K, 40-bit host with the given later behaviours and memory regions.</summary>
    private static HostStage2 NewHost(Fix fixes, params MemRange[] regions)
    {
        Assert.Equal(Errno.Ok, HostStage2.Create(Granule.Size4K, 40, regions, Bug.None, fixes, out var host));
        return host!;
    }

    /// <summary>The hypervisor's stage 1 of a host created with <see cref="Fix.DonateMapsHyp"/>.</summary>
    private static KvmPgtable HypOf(HostStage2 host) => host.Hyp ?? throw new InvalidOperationException("no hyp stage 1 without donate-maps-hyp");

    private static PagePool HypPoolOf(HostStage2 host) => host.HypPool ?? throw new InvalidOperationException("no hyp pool without donate-maps-hyp");

    private static (ulong Pte, int Level) Leaf(KvmPgtable pgt, ulong addr)
    {
        Assert.Equal(Errno.Ok, Stage2GetLeaf.GetLeaf(pgt, addr, out var pte, out var level));
        return (pte.Bits, level);
    }

    /// <summary>Refcount rule on the host table; its pages come from the mem and dev pools.</summary>
    private static void AssertConsistent(HostStage2 host) =>
        PgtableInspector.AssertConsistent(host.Pgt, host.MemPool.UsedPages + host.DevPool.UsedPages);

    private static int PteWrites(HostStage2 host, int mark) => PgtableInspector.Count(host.Log, EventKind.PteWrite, mark);

    /// <summary>kvm_host_prepare_stage2 (spec 6.1).</summary>
    public class Create
    {
        [Fact]
        public void OneGiBRegion_SizesPoolsAsSpecSays()
        {
            // Spec 6.1: mem = maxTables(262144) + 16 = 515 + 16; dev = maxTables(1 GiB / 4K) = 515; v5.13 has no hyp stage 1 here.
            var host = NewHost(OneGiB);

            Assert.Equal((531, 515), (host.MemPool.NrPages, host.DevPool.NrPages));
            Assert.Equal((2, 0), (host.MemPool.UsedPages, host.DevPool.UsedPages));
            Assert.Equal((1, 2), (host.Geometry.StartLevel, host.Geometry.RootPages));
            Assert.Equal(("mem", "dev"), (host.MemPool.Name, host.DevPool.Name));
            Assert.Equal([OneGiB], host.Regions);
            Assert.Equal((Stage2Flags.IdMap | Stage2Flags.NoFwb, true), (host.Pgt.Flags, host.Pgt.IsStage2));
            Assert.Equal((null, null), (host.Hyp, host.HypPool));
        }

        [Fact]
        public void DonateMapsHyp_AddsHypStage1AndItsPool()
        {
            // trace-format fix donate-maps-hyp: hyp pool = maxTables(262144) + 1 = 516, one root page, 48-bit VA from level 0.
            var host = NewHost(Fix.DonateMapsHyp, OneGiB);

            Assert.Equal((516, 1, "hyp"), (HypPoolOf(host).NrPages, HypPoolOf(host).UsedPages, HypPoolOf(host).Name));
            Assert.Equal((0, 48, false), (HypOf(host).Geometry.StartLevel, HypOf(host).Geometry.IaBits, HypOf(host).IsStage2));
        }

        [Theory]
        [InlineData(Fix.None, 9)]
        [InlineData(Fix.PoolMaxOrder, 10)]
        public void PoolMaxOrder_FollowsTheProfileOrTheFix(Fix fixes, int devMaxOrder)
        {
            // Spec 3.1: the 515-page dev pool: v5.13 get_order(515 pages) = 10 -> min(11, 10); v5.17 get_order(516) = 10.
            // A 512-page pool shows the difference: v5.13 order 9, fixed 10.
            var host = NewHost(fixes, OneGiB);

            Assert.Equal(10, host.DevPool.MaxOrder);
            Assert.Equal(devMaxOrder, new PagePool("p", 0, 512, 12, new EventLog(), new AllocFaultInjector(), fixes == Fix.PoolMaxOrder).MaxOrder);
        }

        [Fact]
        public void Granule64KWith52BitIa_IsAccepted()
        {
            // Spec 6.1: PARange 52 only with the 64K granule.
            Assert.Equal(Errno.Ok, HostStage2.Create(Granule.Size64K, 52, [new MemRange(0x4000_0000, 0x8000_0000)], Bug.None, Fix.DonateMapsHyp, out var host));

            Assert.Equal((1, 1), (host!.Geometry.StartLevel, host.Geometry.RootPages));
            // The hyp VA space (VA = PA of donated memory) is 48 bits, or the IPA size when larger.
            Assert.Equal(52, HypOf(host).Geometry.IaBits);
        }

        [Fact]
        public void SmallestPaRange_IsAccepted()
        {
            // Spec 6.1: 32 bits is the first PARange.
            Assert.Equal(Errno.Ok, HostStage2.Create(Granule.Size4K, 32, [new MemRange(0x4000_0000, 0x8000_0000)], Bug.None, Fix.None, out _));
        }

        [Fact]
        public void MaximumRegionCountAndRegionEndingAt2PowIa_AreAccepted()
        {
            // Spec 6.1: at most 128 regions (128 is allowed); a region may end exactly at 2^ia.
            MemRange[] regions = [.. Enumerable.Range(0, 128).Select(i => new MemRange((ulong)i * 0x2000, ((ulong)i * 0x2000) + 0x1000))];

            Assert.Equal(Errno.Ok, HostStage2.Create(Granule.Size4K, 40, regions, Bug.None, Fix.None, out _));
            Assert.Equal(Errno.Ok, HostStage2.Create(Granule.Size4K, 40, [new MemRange(0xFF_0000_0000, 0x100_0000_0000)], Bug.None, Fix.None, out _));
        }

        [Theory]
        [InlineData(Granule.Size4K, 39)]
        [InlineData(Granule.Size4K, 52)]
        [InlineData(Granule.Size16K, 31)]
        public void IpaSizeNotAPaRange_ReturnsEinval(Granule granule, int ia)
        {
            // Spec 6.1: ia is one of 32, 36, 40, 42, 44, 48 (52 with 64K).
            Assert.Equal(Errno.EINVAL, HostStage2.Create(granule, ia, [OneGiB], Bug.None, Fix.None, out var host));

            Assert.Null(host);
        }

        [Fact]
        public void BadLayouts_ReturnEinval()
        {
            // Spec 6.1: regions are page-aligned, non-empty, sorted, disjoint, inside 2^ia, at most 128.
            MemRange[][] layouts =
            [
                [new(0x4000_0800, 0x8000_0000)],
                [new(0x4000_0000, 0x4000_0000)],
                [new(0x8000_0000, 0x9000_0000), new(0x4000_0000, 0x5000_0000)],
                [new(0x4000_0000, 0x5000_0000), new(0x4FFF_F000, 0x6000_0000)],
                [new(0xFF_0000_0000, 0x100_0000_1000)],
                [.. Enumerable.Range(0, 129).Select(i => new MemRange((ulong)i * 0x2000, ((ulong)i * 0x2000) + 0x1000))],
            ];

            foreach (var layout in layouts)
            {
                Assert.Equal(Errno.EINVAL, HostStage2.Create(Granule.Size4K, 40, layout, Bug.None, Fix.None, out _));
            }
        }

        [Fact]
        public void AdjacentRegions_AreAccepted()
        {
            // Spec 6.1: regions may touch.
            Assert.Equal(Errno.Ok, HostStage2.Create(Granule.Size4K, 40, [new(0x4000_0000, 0x5000_0000), new(0x5000_0000, 0x6000_0000)], Bug.None, Fix.None, out _));
        }
    }

    /// <summary>__hyp_pgtable_max_pages (spec 6.1).</summary>
    public class MaxTablePages
    {
        [Theory]
        [InlineData(0L, 0L)]
        [InlineData(1L, 4L)]
        [InlineData(512L, 4L)]
        [InlineData(513L, 5L)]
        [InlineData(262144L, 515L)]
        public void FourK_RoundsUpAtEveryLevel(long pages, long expected)
        {
            // Spec 6.1: sum over 4 levels of ceil(n / 512^i).
            Assert.Equal(expected, HostStage2.MaxTablePages(pages, 512));
        }
    }

    /// <summary>find_mem_range, range_is_memory (spec 6.1, 6.3).</summary>
    public class FindMemRange
    {
        // A new host per use, not a static one: under Stryker the test process outlives each mutant, and a
        // host created once would carry whatever mutant was active when it was made.
        private static HostStage2 Host => NewHost(new MemRange(0x4000_0000, 0x4010_0000), new MemRange(0x8000_0000, 0x8010_0000));

        [Theory]
        [InlineData(0x0UL, false, 0x0UL, 0x4000_0000UL)]
        [InlineData(0x4000_0000UL, true, 0x4000_0000UL, 0x4010_0000UL)]
        [InlineData(0x400F_FFFFUL, true, 0x4000_0000UL, 0x4010_0000UL)]
        [InlineData(0x4010_0000UL, false, 0x4010_0000UL, 0x8000_0000UL)]
        [InlineData(0x8000_5000UL, true, 0x8000_0000UL, 0x8010_0000UL)]
        [InlineData(0x9000_0000UL, false, 0x8010_0000UL, ulong.MaxValue)]
        public void Addr_GivesRegionOrGap(ulong addr, bool isMemory, ulong start, ulong end)
        {
            // Spec 6.1: a region, or the gap from the previous region's end (or 0) to the next base (or the top).
            Assert.Equal(isMemory, Host.FindMemRange(addr, out var range));

            Assert.Equal(new MemRange(start, end), range);
            Assert.Equal(isMemory, Host.IsMemory(addr));
        }

        [Theory]
        [InlineData(0x4000_0000UL, 0x4010_0000UL, true)]
        [InlineData(0x400F_F000UL, 0x4010_1000UL, false)]
        [InlineData(0x4000_0000UL, 0x8000_1000UL, false)]
        [InlineData(0x3FFF_F000UL, 0x4000_1000UL, false)]
        public void Range_IsMemoryOnlyInsideOneRegion(ulong start, ulong end, bool expected)
        {
            // Spec 6.3 step 1 [v5.14]: start and end - 1 in the same region.
            Assert.Equal(expected, Host.RangeIsMemory(start, end));
        }

        [Theory]
        [InlineData(0xC000_0000UL, true, 0xC000_0000UL, 0xC010_0000UL)]
        [InlineData(0xC010_0000UL, false, 0xC010_0000UL, ulong.MaxValue)]
        [InlineData(0x9000_0000UL, false, 0x8010_0000UL, 0xC000_0000UL)]
        public void ThreeRegions_BinarySearchReachesTheLast(ulong addr, bool isMemory, ulong start, ulong end)
        {
            // Spec 6.1: with regions at 1, 2 and 3 GiB the search narrows to [2, 3) after looking at region 1.
            var host = NewHost(new MemRange(0x4000_0000, 0x4010_0000), new MemRange(0x8000_0000, 0x8010_0000), new MemRange(0xC000_0000, 0xC010_0000));

            Assert.Equal(isMemory, host.FindMemRange(addr, out var range));

            Assert.Equal(new MemRange(start, end), range);
        }
    }

    /// <summary>handle_host_mem_abort / host_stage2_idmap (spec 6.2).</summary>
    public class HandleMemAbort
    {
        [Fact]
        public void MemoryInOneGiBRegion_MapsLevel1Block()
        {
            // Spec 5.10 step 1: the 1 GiB block fits the region: R0[1] = 0x400007fd (RWX Normal).
            var host = NewHost(OneGiB);

            Assert.Equal(Errno.Ok, host.HandleMemAbort(0x4000_1000));

            Assert.Equal(
                [
                    "root 0 rc=2",
                    "  L1 0x0000000040000000 leaf 0x00000000400007fd",
                    "root 1 rc=1",
                    "pool used=2",
                ],
                PgtableInspector.Dump(host.Pgt));
            AssertConsistent(host);
        }

        [Fact]
        public void MemoryPageInSmallRegion_TakesTablesFromMemPool()
        {
            // Spec 6.2 step 4: neither the 1 GiB nor the 2 MiB block fits the 1 MiB region: a page, whose
            // level-2 and level-3 tables come from the mem pool (root 2 + 2), none from the dev pool.
            var host = NewHost(new MemRange(0x4000_0000, 0x4010_0000));

            Assert.Equal(Errno.Ok, host.HandleMemAbort(0x4000_0000));

            Assert.Equal((0x4000_07FFUL, 3), Leaf(host.Pgt, 0x4000_0000));
            Assert.Equal((4, 0), (host.MemPool.UsedPages, host.DevPool.UsedPages));
            AssertConsistent(host);
        }

        [Fact]
        public void AlreadyMapped_ReturnsEagain()
        {
            // Spec 6.2 step 6: the identical mapping exists; the host just retries.
            var host = NewHost(OneGiB);
            host.HandleMemAbort(0x4000_1000);
            var mark = host.Log.Count;

            Assert.Equal(Errno.EAGAIN, host.HandleMemAbort(0x4000_2000));

            Assert.Equal(0, PteWrites(host, mark));
        }

        [Fact]
        public void MmioGapAlignedBlock_MapsNormalRwWithXn()
        {
            // Spec 6.2 step 2: MMIO is Normal MemAttr, S2AP RW, XN (bit 54), no DEVICE attribute.
            var host = NewHost(OneGiB);

            Assert.Equal(Errno.Ok, host.HandleMemAbort(0x1000));

            Assert.Equal((0x0040_0000_0000_07FDUL, 1), Leaf(host.Pgt, 0x1000));
            Assert.Equal(0, host.DevPool.UsedPages);
        }

        [Fact]
        public void MmioAboveLastRegion_MapsLevel1Block()
        {
            // Spec 6.1: the last gap reaches the top of the address space.
            var host = NewHost(OneGiB);

            Assert.Equal(Errno.Ok, host.HandleMemAbort(0x8000_0000));

            Assert.Equal((0x0040_0000_8000_07FDUL, 1), Leaf(host.Pgt, 0x8000_0000));
        }

        [Fact]
        public void MmioPageBetweenRegions_TakesTablesFromDevPool()
        {
            // Spec 6.2 step 4: the gap [0x40100000, 0x80000000) starts mid-block: only a page fits; tables from the dev pool.
            var host = NewHost(new MemRange(0x4000_0000, 0x4010_0000), new MemRange(0x8000_0000, 0x8010_0000));

            Assert.Equal(Errno.Ok, host.HandleMemAbort(0x4010_0000));

            Assert.Equal((0x0040_0000_4010_07FFUL, 3), Leaf(host.Pgt, 0x4010_0000));
            Assert.Equal((2, 2), (host.MemPool.UsedPages, host.DevPool.UsedPages));
            AssertConsistent(host);
        }

        [Fact]
        public void MmioOutOfDevPages_RecyclesMmioTablesAndRetries()
        {
            // Spec 6.2 step 5: -ENOMEM on MMIO unmaps every MMIO gap (freeing dev tables) and maps again.
            var host = NewHost(new MemRange(0x4000_0000, 0x4010_0000), new MemRange(0x8000_0000, 0x8010_0000));
            host.HandleMemAbort(0x4010_0000);
            host.Faults.FailAt(1);
            var attempts = host.Faults.Attempts;

            Assert.Equal(Errno.Ok, host.HandleMemAbort(0x8010_0000));

            Assert.Equal(3, host.Faults.Attempts - attempts);
            Assert.Equal((0UL, 1), Leaf(host.Pgt, 0x4010_0000));
            Assert.Equal((0x0040_0000_8010_07FFUL, 3), Leaf(host.Pgt, 0x8010_0000));
            Assert.Equal(2, host.DevPool.UsedPages);
            AssertConsistent(host);
        }

        [Fact]
        public void MemoryOutOfPages_ReturnsEnomemWithoutRetry()
        {
            // Spec 6.2 step 5: a memory fault that gets -ENOMEM is not retried.
            var host = NewHost(new MemRange(0x4000_0000, 0x4010_0000));
            host.Faults.FailAt(1);
            var attempts = host.Faults.Attempts;

            Assert.Equal(Errno.ENOMEM, host.HandleMemAbort(0x4000_0000));

            Assert.Equal(1, host.Faults.Attempts - attempts);
            Assert.Equal((0UL, 1), Leaf(host.Pgt, 0x4000_0000));
            AssertConsistent(host);
        }

        [Fact]
        public void HypOwnedPage_ReturnsEexistAndChangesNothing()
        {
            // Spec 5.10 step 4 / 8.20: every candidate meets the annotation; PT and pools unchanged.
            var host = NewHost(OneGiB);
            host.MarkHyp(0x4020_0000, 0x4020_1000);
            var before = PgtableInspector.Dump(host.Pgt);
            var mark = host.Log.Count;

            Assert.Equal(Errno.EEXIST, host.HandleMemAbort(0x4020_0000));

            Assert.Equal(0, PteWrites(host, mark));
            Assert.Equal(before, PgtableInspector.Dump(host.Pgt));
        }

        [Fact]
        public void NextToDonatedPage_PicksSmallerBlocks()
        {
            // Spec 5.10 step 3: the 1 GiB candidate holds the annotation; the 2 MiB before it and the page after it are free.
            var host = NewHost(OneGiB);
            host.MarkHyp(0x4020_0000, 0x4020_1000);

            Assert.Equal(Errno.Ok, host.HandleMemAbort(0x4000_0000));
            Assert.Equal(Errno.Ok, host.HandleMemAbort(0x4020_1000));

            Assert.Equal(
                [
                    "root 0 rc=2",
                    "  L1 0x0000000040000000 table rc=3",
                    "    L2 0x0000000040000000 leaf 0x00000000400007fd",
                    "    L2 0x0000000040200000 table rc=3",
                    "      L3 0x0000000040200000 invalid 0x0100000000000000",
                    "      L3 0x0000000040201000 leaf 0x00000000402017ff",
                    "root 1 rc=1",
                    $"pool used={host.MemPool.UsedPages + host.DevPool.UsedPages}",
                ],
                PgtableInspector.Dump(host.Pgt));
            Assert.Equal(4, host.MemPool.UsedPages);
            AssertConsistent(host);
        }

        [Fact]
        public void BeyondIa_ReturnsErange()
        {
            // Spec 1.5: the candidate walk fails with -ERANGE.
            var host = NewHost(OneGiB);

            Assert.Equal(Errno.ERANGE, host.HandleMemAbort(1UL << 40));
        }
    }

    /// <summary>__pkvm_mark_hyp (spec 6.3), and the later donation behaviours of the fix items.</summary>
    public class MarkHyp
    {
        [Fact]
        public void TwoMiBOfUnmappedMemory_AnnotatesOneBlock()
        {
            // Spec 5.4 (v5.13): one level-2 annotation for an aligned 2 MiB range; mem pool: 2 roots + 1 table.
            var host = NewHost(OneGiB);

            Assert.Equal(Errno.Ok, host.MarkHyp(0x4020_0000, 0x4040_0000));

            Assert.Equal((Tables.HypAnnotation, 2), Leaf(host.Pgt, 0x4020_0000));
            Assert.Equal((Tables.HypAnnotation, 2), Leaf(host.Pgt, 0x403F_F000));
            Assert.Equal((0UL, 2), Leaf(host.Pgt, 0x4040_0000));
            Assert.Equal(3, host.MemPool.UsedPages);
            AssertConsistent(host);
        }

        [Fact]
        public void PageSizedAnnotationsAndHypMap_AnnotatesPagesAndMapsOneHypBlock()
        {
            // Fixes page-sized-annotations and donate-maps-hyp: 512 page annotations in the host; one 2 MiB RW block in the hyp stage 1.
            var host = NewHost(Fix.PageSizedAnnotations | Fix.DonateMapsHyp, OneGiB);

            Assert.Equal(Errno.Ok, host.MarkHyp(0x4020_0000, 0x4040_0000));

            Assert.Equal((Tables.HypAnnotation, 3), Leaf(host.Pgt, 0x4020_0000));
            Assert.Equal((Tables.HypAnnotation, 3), Leaf(host.Pgt, 0x403F_F000));
            Assert.Equal((0UL, 2), Leaf(host.Pgt, 0x4040_0000));
            Assert.Equal((0x0040_0000_4020_0741UL, 2), Leaf(HypOf(host), 0x4020_0000));
            Assert.Equal((4, 3), (host.MemPool.UsedPages, HypPoolOf(host).UsedPages));
            AssertConsistent(host);
            PgtableInspector.AssertConsistent(HypOf(host), HypPoolOf(host).UsedPages, counted: false);
        }

        [Fact]
        public void MappedByHostBlock_BreaksBeforeMakeThenAnnotates()
        {
            // Spec 6.3 / 5.10 step 2: the 1 GiB host block is cleared and invalidated at level 1 before anything else is written.
            var host = NewHost(Fix.DonateMapsHyp, OneGiB);
            host.HandleMemAbort(0x4000_0000);
            var mark = host.Log.Count;

            Assert.Equal(Errno.Ok, host.MarkHyp(0x4020_0000, 0x4020_1000));

            var events = Array.FindAll(Tables.Since(host.Log, mark), e => e.Kind is EventKind.PteWrite or EventKind.TlbiIpa or EventKind.TlbiVmid);
            var root0Slot1 = Tables.Slot(host.Pgt.RootPage(0), 1);
            Assert.Equal(
                [Ev.Write(root0Slot1, 0x4000_0000, 1, 0x4000_07FD, 0), Ev.Tlbi(0x4020_0000, 1)],
                events[..2]);
            Assert.Equal(1, PgtableInspector.Count(host.Log, EventKind.TlbiIpa, mark));
            Assert.Equal((Tables.HypAnnotation, 3), Leaf(host.Pgt, 0x4020_0000));
            Assert.Equal((0UL, 2), Leaf(host.Pgt, 0x4000_0000));
            Assert.Equal((0x0040_0000_4020_0743UL, 3), Leaf(HypOf(host), 0x4020_0000));
            AssertConsistent(host);
        }

        [Fact]
        public void HypOwnedPage_IsAnnotatedAgain()
        {
            // Spec 6.3 (v5.13): no ownership check; set_owner over the same annotation is a put and a get (spec 5.4).
            var host = NewHost(OneGiB);
            host.MarkHyp(0x4020_1000, 0x4020_2000);

            Assert.Equal(Errno.Ok, host.MarkHyp(0x4020_0000, 0x4020_2000));

            Assert.Equal((Tables.HypAnnotation, 3), Leaf(host.Pgt, 0x4020_0000));
            Assert.Equal((Tables.HypAnnotation, 3), Leaf(host.Pgt, 0x4020_1000));
            AssertConsistent(host);
        }

        [Fact]
        public void DonateChecksOwner_HypOwnedPage_ReturnsEpermAndChangesNothing()
        {
            // Fix donate-checks-owner: a range holding a page the host does not own is refused before anything changes.
            var host = NewHost(Fix.DonateChecksOwner, OneGiB);
            host.MarkHyp(0x4020_1000, 0x4020_2000);
            var mark = host.Log.Count;

            Assert.Equal(Errno.EPERM, host.MarkHyp(0x4020_0000, 0x4020_2000));

            Assert.Empty(Tables.Since(host.Log, mark));
            Assert.Equal((0UL, 3), Leaf(host.Pgt, 0x4020_0000));
        }

        [Fact]
        public void TwoPagesFromOddPage_HypMapsEachPageToItself()
        {
            // Fix donate-maps-hyp: VA = PA page by page; RW Normal, XN, AF, inner shareable: 0x0040000000000743 | PA.
            var host = NewHost(Fix.DonateMapsHyp, OneGiB);

            Assert.Equal(Errno.Ok, host.MarkHyp(0x4020_1000, 0x4020_3000));

            Assert.Equal((0x0040_0000_4020_1743UL, 3), Leaf(HypOf(host), 0x4020_1000));
            Assert.Equal((0x0040_0000_4020_2743UL, 3), Leaf(HypOf(host), 0x4020_2000));
        }

        [Fact]
        public void DonateChecksOwner_PageBelowDonatedPage_IsAccepted()
        {
            // Fix donate-checks-owner: only [start, end) is checked for ownership, not what lies above it.
            var host = NewHost(Fix.DonateChecksOwner, OneGiB);
            host.MarkHyp(0x4020_1000, 0x4020_2000);

            Assert.Equal(Errno.Ok, host.MarkHyp(0x4000_0000, 0x4000_1000));

            Assert.Equal((Tables.HypAnnotation, 3), Leaf(host.Pgt, 0x4000_0000));
        }

        [Fact]
        public void HostTableOutOfPages_ReturnsEnomemAndMapsNothingInHyp()
        {
            // Spec 6.3: set_owner's first table allocation fails; the hyp stage 1 is not touched.
            var host = NewHost(Fix.DonateMapsHyp, OneGiB);
            host.Faults.FailAt(1);

            Assert.Equal(Errno.ENOMEM, host.MarkHyp(0x4020_0000, 0x4020_1000));

            Assert.Equal((0UL, 0), Leaf(HypOf(host), 0x4020_0000));
            Assert.Equal(1, HypPoolOf(host).UsedPages);
            AssertConsistent(host);
        }

        [Fact]
        public void RangeCrossingRegionEnd_ReturnsEinval()
        {
            // Spec 6.3 step 1: end - 1 lies in the MMIO gap.
            var host = NewHost(OneGiB);

            Assert.Equal(Errno.EINVAL, host.MarkHyp(0x7FFF_F000, 0x8000_1000));
        }

        [Fact]
        public void RangeEndingAtRegionEnd_IsAccepted()
        {
            // Spec 6.3 step 1 [v5.14] "Fix off-by-one in range_is_memory": end - 1 is checked, not end.
            var host = NewHost(OneGiB);

            Assert.Equal(Errno.Ok, host.MarkHyp(0x7FFF_F000, 0x8000_0000));

            Assert.Equal((Tables.HypAnnotation, 3), Leaf(host.Pgt, 0x7FFF_F000));
        }

        [Fact]
        public void RangeIsMemoryChecksEnd_RefusesRangeEndingAtRegionEnd()
        {
            // The v5.13 defect as a bug switch: end itself lies in the gap.
            Assert.Equal(Errno.Ok, HostStage2.Create(Granule.Size4K, 40, [OneGiB], Bug.RangeIsMemoryChecksEnd, Fix.None, out var host));

            Assert.Equal(Errno.EINVAL, host!.MarkHyp(0x7FFF_F000, 0x8000_0000));
        }

        [Fact]
        public void ZeroSizeAtRegionBase_ReturnsEinval()
        {
            // Spec 6.3: end - 1 falls in the gap below the region.
            var host = NewHost(OneGiB);

            Assert.Equal(Errno.EINVAL, host.MarkHyp(0x4000_0000, 0x4000_0000));
        }

        [Fact]
        public void ZeroSizeInsideRegion_ReturnsOkAndChangesNothing()
        {
            // Spec 6.3: the walk visits nothing.
            var host = NewHost(OneGiB);
            var mark = host.Log.Count;

            Assert.Equal(Errno.Ok, host.MarkHyp(0x4000_1000, 0x4000_1000));

            Assert.Empty(Tables.Since(host.Log, mark));
        }

        [Theory]
        [InlineData(0x4000_0800UL, 0x4000_1000UL)]
        [InlineData(0x4000_0000UL, 0x4000_0800UL)]
        public void Unaligned_IsRoundedOutToTheWalkedPage(ulong start, ulong end)
        {
            // Spec 6.3 / 4.1 (v5.13): no alignment check; the walk covers the page from the rounded-down start.
            var host = NewHost(OneGiB);

            Assert.Equal(Errno.Ok, host.MarkHyp(start, end));

            Assert.Equal((Tables.HypAnnotation, 3), Leaf(host.Pgt, 0x4000_0000));
            Assert.Equal((0UL, 3), Leaf(host.Pgt, 0x4000_1000));
        }

        [Fact]
        public void Reversed_WalksNothing()
        {
            // Spec 4.1: end - 1 lies in the region, and the size end - start wraps, so the walk is empty.
            var host = NewHost(OneGiB);
            var mark = host.Log.Count;

            Assert.Equal(Errno.Ok, host.MarkHyp(0x4000_2000, 0x4000_1000));

            Assert.Empty(Tables.Since(host.Log, mark));
        }

        [Theory]
        [InlineData(0x4000_0800UL, 0x4000_1000UL)]
        [InlineData(0x4000_0000UL, 0x4000_0800UL)]
        [InlineData(0x4000_2000UL, 0x4000_1000UL)]
        [InlineData(0x1000UL, 0x2000UL)]
        public void DonateChecksOwner_UnalignedReversedOrMmio_ReturnsEinval(ulong start, ulong end)
        {
            // Fix donate-checks-owner: only page-aligned ranges inside one memory region are donated.
            var host = NewHost(Fix.DonateChecksOwner, OneGiB);
            var mark = host.Log.Count;

            Assert.Equal(Errno.EINVAL, host.MarkHyp(start, end));

            Assert.Empty(Tables.Since(host.Log, mark));
        }
    }

    /// <summary>host_stage2_unmap_dev_all (spec 6.2 step 5).</summary>
    public class UnmapDevAll
    {
        [Fact]
        public void MmioAndMemoryMapped_OnlyMmioRemoved()
        {
            // Spec 6.2 step 5: every gap is unmapped; memory mappings stay.
            var host = NewHost(OneGiB);
            host.HandleMemAbort(0x1000);
            host.HandleMemAbort(0x4000_0000);
            host.HandleMemAbort(0x80_0000_0000);

            Assert.Equal(Errno.Ok, host.UnmapDevAll());

            Assert.Equal(
                ["root 0 rc=2", "  L1 0x0000000040000000 leaf 0x00000000400007fd", "root 1 rc=1", "pool used=2"],
                PgtableInspector.Dump(host.Pgt));
        }

        [Fact]
        public void SecondGap_EndsAtNextRegionBase()
        {
            // Spec 6.2 step 5: the gap between the two regions is [0x40100000, 0x80000000); memory in region 2 stays.
            var host = NewHost(new MemRange(0x4000_0000, 0x4010_0000), new MemRange(0x8000_0000, 0x8010_0000));
            host.HandleMemAbort(0x4010_0000);
            host.HandleMemAbort(0x8000_0000);

            Assert.Equal(Errno.Ok, host.UnmapDevAll());

            Assert.Equal(0UL, Leaf(host.Pgt, 0x4010_0000).Pte);
            Assert.Equal((0x8000_07FFUL, 3), Leaf(host.Pgt, 0x8000_0000));
        }
    }
}
