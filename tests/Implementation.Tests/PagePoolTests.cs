using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class PagePoolTests
{
    private const ulong B = 0x1_0000_0000;
    private const ulong Pg = 0x1000;

    /// <summary>A pool with the v5.17 order computation (the fix), where a power-of-two pool is one block.</summary>
    private static PagePool NewPool(int pages, out EventLog log, out AllocFaultInjector faults)
    {
        log = new EventLog();
        faults = new AllocFaultInjector();
        return new PagePool("test", B, pages, 12, log, faults, fixedMaxOrder: true);
    }

    private static PagePool NewPool(int pages) => NewPool(pages, out _, out _);

    /// <summary>A pool as v5.13 sizes it: max_order = get_order(nr_pages pages).</summary>
    private static PagePool NewV513Pool(int pages) => new("test", B, pages, 12, new EventLog(), new AllocFaultInjector());

    /// <summary>v5.13's hyp_pool_init order computation (spec 3.1), fixed in v5.17.</summary>
    public class V513MaxOrder
    {
        [Theory]
        [InlineData(1, 0)]
        [InlineData(2, 1)]
        [InlineData(3, 2)]
        [InlineData(8, 3)]
        [InlineData(9, 4)]
        [InlineData(512, 9)]
        [InlineData(513, 10)]
        [InlineData(4096, 11)]
        public void MaxOrder_IsGetOrderOfThePoolSize(int pages, int maxOrder)
        {
            // Spec 3.1: get_order(n pages) = smallest k with 2^k >= n, capped at MAX_ORDER 11.
            Assert.Equal(maxOrder, NewV513Pool(pages).MaxOrder);
        }

        [Fact]
        public void PowerOfTwoPool_CannotHandOutItsWholeBlock()
        {
            // Spec 3.1: 8 pages give orders 0..2; the order-3 block never forms, two order-2 blocks do.
            var pool = NewV513Pool(8);

            Assert.Null(pool.AllocPages(3));
            Assert.Equal((B, (ulong?)(B + (4 * Pg))), (pool.AllocPages(2)!.Value, pool.AllocPages(2)));
        }

        [Fact]
        public void OnePage_HasNoFreeListAndAllocatesNothing()
        {
            // Spec 3.1: get_order(1 page) = 0, so a one-page pool has no free list at all.
            Assert.Null(NewV513Pool(1).AllocPages(0));
        }

        [Fact]
        public void FreedBlock_GoesToTheTailOfItsList()
        {
            // Spec 3.1: freed blocks are added at the tail, so the next allocation takes the other order-2 block.
            var pool = NewV513Pool(8);
            pool.AllocPages(0);
            pool.PutPage(B);

            Assert.Equal(B + (4 * Pg), pool.AllocPages(0));
        }
    }

    /// <summary>hyp_pool_init (spec 3.1).</summary>
    public class Init
    {
        [Fact]
        public void EightPages_AllFreeWithOrdersUpTo3()
        {
            // Spec 3.1 [v5.17 fix]: max_order = get_order(9 pages) = 4, so the 8-page pool is one order-3 block.
            var pool = NewPool(8);

            Assert.Equal((0, 8, 4, B + (8 * Pg)), (pool.UsedPages, pool.FreePages, pool.MaxOrder, pool.EndPa));
        }

        [Fact]
        public void SixPages_OrdersUpTo2()
        {
            // Spec 3.1: get_order(7 pages) = 3.
            Assert.Equal(3, NewPool(6).MaxOrder);
        }

        [Fact]
        public void Empty_HasNoOrdersAndAllocatesNothing()
        {
            // Spec 3.1 [v5.17]: a pool of 0 pages (a stage2 layer with no pool): get_order(1 page) = 0, no free list.
            var pool = NewPool(0);

            Assert.Equal((0, 0, (ulong?)null), (pool.MaxOrder, pool.FreePages, pool.AllocPages(0)));
        }

        [Fact]
        public void EmptyV513_OrderWrapsToMaxOrderAndAllocatesNothing()
        {
            // Spec 3.1: v5.13's get_order(0) wraps to 64 - PAGE_SHIFT, capped at 11; there are still no pages.
            var pool = NewV513Pool(0);

            Assert.Equal((11, 0, (ulong?)null), (pool.MaxOrder, pool.FreePages, pool.AllocPages(0)));
        }

        [Fact]
        public void NegativeSize_Throws()
        {
            // A harness bug, not a kernel state: refused at once.
            Assert.Throws<ArgumentOutOfRangeException>(() => NewPool(-1));
        }

        [Fact]
        public void TwoThousandFortyEightPages_OrdersCappedAtMaxOrder()
        {
            // Spec 3.1: get_order(2049 pages) = 12 is capped at MAX_ORDER 11, so the two order-10 halves
            // are buddies that never merge: two order-10 blocks, then nothing.
            var pool = NewPool(2048);

            Assert.Equal(11, pool.MaxOrder);
            Assert.Equal(B, pool.AllocPages(10));
            Assert.Equal(B + (1024 * Pg), pool.AllocPages(10));
            Assert.Null(pool.AllocPages(0));
        }

        [Fact]
        public void Contains_IsHalfOpen()
        {
            // The pool covers [base, base + 8 pages).
            var pool = NewPool(8);

            Assert.Equal((false, true, true, false), (pool.Contains(B - 1), pool.Contains(B), pool.Contains(B + (8 * Pg) - 1), pool.Contains(B + (8 * Pg))));
        }
    }

    /// <summary>hyp_alloc_pages (spec 3.1).</summary>
    public class AllocPages
    {
        [Fact]
        public void Order0FromFreshPool_TakesFirstPageWithRefcount1()
        {
            // Spec 3.1: the order-3 block is split down; the head gets refcount 1.
            var pool = NewPool(8, out var log, out _);

            Assert.Equal(B, pool.AllocPages(0));

            Assert.Equal((1, 1, 7, false), (pool.PageCount(B), pool.UsedPages, pool.FreePages, pool.IsFree(B)));
            Assert.Equal([Ev.Alloc(B)], log.Since(0).ToArray());
        }

        [Fact]
        public void AfterSplit_SmallestSufficientOrderIsUsed()
        {
            // Spec 3.1: after taking page 0 the lists are o0 [1], o1 [2], o2 [4].
            var pool = NewPool(8);
            pool.AllocPages(0);

            Assert.Equal(B + (4 * Pg), pool.AllocPages(2));
            Assert.Equal(B + (2 * Pg), pool.AllocPages(1));
            Assert.Equal(B + (1 * Pg), pool.AllocPages(0));
            Assert.Null(pool.AllocPages(0));
            Assert.Equal(8, pool.UsedPages);
        }

        [Fact]
        public void WholePowerOfTwoPool_IsOneAllocatableBlock()
        {
            // Spec 3.1 [v5.17] "Fix hyp_pool max order": the 8-page pool allocates as order 3.
            var pool = NewPool(8);

            Assert.Equal(B, pool.AllocPages(3));

            Assert.Equal(8, pool.UsedPages);
        }

        [Fact]
        public void OrderAtMaxOrder_ReturnsNull()
        {
            // Spec 3.1: free lists exist for orders 0 .. max_order-1 only.
            var pool = NewPool(8);

            Assert.Equal((null, (ulong?)null), (pool.AllocPages(4), pool.AllocPages(-1)));
            Assert.Equal(0, pool.UsedPages);
        }

        [Fact]
        public void SixPages_NoBuddyMergeAcrossPoolEnd()
        {
            // Spec 3.1: pages 4-5 have no buddy inside the pool, so they stay an order-1 block.
            var pool = NewPool(6);

            Assert.Equal(B, pool.AllocPages(2));
            Assert.Null(pool.AllocPages(2));
            Assert.Equal(B + (4 * Pg), pool.AllocPages(1));
            Assert.Null(pool.AllocPages(0));
        }

        [Fact]
        public void FreedPageQueuedBehindAnother_IsHandedOutAfterIt()
        {
            // Spec 3.1: pages 0, 1, 2 taken leave o0 [3], o2 [4]; freeing 0 (buddy 1 in use) queues it
            // at the tail: o0 [3, 0]. Then 3, then 0, then o0 is empty and the o2 block 4 is split.
            var pool = NewPool(8);
            pool.AllocPages(0);
            pool.AllocPages(0);
            pool.AllocPages(0);
            pool.PutPage(B);

            Assert.Equal(B + (3 * Pg), pool.AllocPages(0));
            Assert.Equal(B, pool.AllocPages(0));
            Assert.Equal(B + (4 * Pg), pool.AllocPages(0));
        }

        [Fact]
        public void BuddyAtTailOfList_IsUnlinkedWhenMerged()
        {
            // Spec 3.1: as above, o0 [3, 0]; freeing 1 merges it with 0, taking 0 off the tail: o0 [3],
            // o1 [0]. Then 3, then 0 and 1 from the split o1 block, then 4.
            var pool = NewPool(8);
            pool.AllocPages(0);
            pool.AllocPages(0);
            pool.AllocPages(0);
            pool.PutPage(B);
            pool.PutPage(B + Pg);

            Assert.Equal(B + (3 * Pg), pool.AllocPages(0));
            Assert.Equal(B, pool.AllocPages(0));
            Assert.Equal(B + Pg, pool.AllocPages(0));
            Assert.Equal(B + (4 * Pg), pool.AllocPages(0));
        }

        [Fact]
        public void AllPagesFreed_MergeBackIntoWholeBlock()
        {
            // Spec 3.1: freeing merges buddies up to max_order-1.
            var pool = NewPool(8);
            var pages = new List<ulong>();
            for (var i = 0; i < 8; i++)
            {
                pages.Add(pool.AllocPages(0)!.Value);
            }
            Assert.Equal([B, B + Pg, B + (2 * Pg), B + (3 * Pg), B + (4 * Pg), B + (5 * Pg), B + (6 * Pg), B + (7 * Pg)], pages);
            foreach (var p in new[] { 5, 0, 7, 2, 1, 4, 6, 3 })
            {
                pool.PutPage(pages[p]);
            }

            Assert.Equal(B, pool.AllocPages(3));
        }
    }

    /// <summary>hyp_get_page / hyp_put_page (spec 3.1).</summary>
    public class Refcount
    {
        [Fact]
        public void GetThenPuts_FreesAtZero()
        {
            // Spec 3.1: get +1, put -1, the block is freed when the count reaches 0.
            var pool = NewPool(8, out var log, out _);
            pool.AllocPages(0);

            pool.GetPage(B);
            Assert.Equal(2, pool.PageCount(B));
            pool.PutPage(B);
            Assert.Equal((1, 1), (pool.PageCount(B), pool.UsedPages));
            pool.PutPage(B);

            Assert.Equal((0, 0, true), (pool.PageCount(B), pool.UsedPages, pool.IsFree(B)));
            Assert.Equal([Ev.Alloc(B), Ev.Get(B, 1), Ev.Put(B, 2), Ev.Put(B, 1), Ev.Free(B)], log.Since(0).ToArray());
        }

        [Fact]
        public void PutOnFreePage_IsLoggedAndIgnored()
        {
            // Spec 3.1 / 8.5: a put at 0 is reported; the count does not wrap.
            var pool = NewPool(8, out var log, out _);

            pool.PutPage(B + Pg);

            Assert.Equal((0, 0), (pool.PageCount(B + Pg), pool.UsedPages));
            Assert.Equal([new Event(EventKind.PutOnFreePage, B + Pg, 0, 0, 0, 0)], log.Since(0).ToArray());
        }

        [Fact]
        public void GetOnFreePage_IsLoggedAndCounted()
        {
            // Spec 8.5: a reference taken on a free page is reported (a use after free); the count still moves.
            var pool = NewPool(8, out var log, out _);

            pool.GetPage(B + Pg);

            Assert.Equal(1, pool.PageCount(B + Pg));
            Assert.Equal([new Event(EventKind.AccessToFreePage, B + Pg, 0, 0, 0, 0), Ev.Get(B + Pg, 0)], log.Since(0).ToArray());
        }

        [Fact]
        public void FreedPage_IsZeroedAndReallocatedZero()
        {
            // Spec 3.1: free memory is zero, so allocation returns zeroed pages.
            var pool = NewPool(8);
            pool.AllocPages(0);
            pool.Write(B, 5, 0xDEAD);
            Assert.False(pool.IsZero(B));

            pool.PutPage(B);

            Assert.True(pool.IsZero(B));
            Assert.Equal(B, pool.AllocPages(0));
            Assert.Equal(0UL, pool.Read(B, 5));
        }

        [Fact]
        public void Order1Freed_ZeroesEveryPageOfBlock()
        {
            // Spec 3.1: the whole block's memory is zeroed.
            var pool = NewPool(8);
            pool.AllocPages(1);
            pool.Write(B + Pg, 7, 0xBEEF);

            pool.PutPage(B);

            Assert.Equal((0UL, 0), (pool.Read(B + Pg, 7), pool.UsedPages));
        }
    }

    /// <summary>hyp_split_page and free_pages_exact (spec 3.1, 3.3, 5.7).</summary>
    public class SplitAndFreeExact
    {
        [Fact]
        public void SplitPage_GivesEveryPageItsOwnCount()
        {
            // Spec 3.1 [v5.15]: each page of the block gets refcount 1 and is freed on its own.
            var pool = NewPool(8);
            var head = pool.AllocPages(1)!.Value;
            Assert.Equal((1, 0), (pool.PageCount(head), pool.PageCount(head + Pg)));

            pool.SplitPage(head);
            Assert.Equal((1, 1), (pool.PageCount(head), pool.PageCount(head + Pg)));
            pool.PutPage(head + Pg);
            Assert.Equal(1, pool.UsedPages);
            pool.PutPage(head);

            Assert.Equal(0, pool.UsedPages);
            Assert.Equal(B, pool.AllocPages(3));
        }

        [Fact]
        public void FreePagesExact_FreesWhateverTheCounts()
        {
            // Spec 5.7: the root is released with "free pages exact", not with put.
            var pool = NewPool(8);
            var head = pool.AllocPages(1)!.Value;
            pool.SplitPage(head);
            pool.GetPage(head);

            pool.FreePagesExact(head, 2);

            Assert.Equal((0, 0, 0), (pool.UsedPages, pool.PageCount(head), pool.PageCount(head + Pg)));
        }

        [Fact]
        public void FreePagesExact_PageAlreadyFree_IsLoggedAndSkipped()
        {
            // Spec 5.7 / 8.5: page 1 of the split root was put to 0 already; page 0 is freed (merging
            // back to the whole pool), page 1 is only reported.
            var pool = NewPool(8, out var log, out _);
            var head = pool.AllocPages(1)!.Value;
            pool.SplitPage(head);
            pool.PutPage(head + Pg);
            var mark = log.Count;

            pool.FreePagesExact(head, 2);

            Assert.Equal([Ev.Free(B), new Event(EventKind.PutOnFreePage, B + Pg, 0, 0, 0, 0)], log.Since(mark).ToArray());
            Assert.Equal(0, pool.UsedPages);
            Assert.Equal(B, pool.AllocPages(3));
        }
    }

    /// <summary>AllocFaultInjector.FailAt.</summary>
    public class FailAt
    {
        [Fact]
        public void Two_FailsSecondAllocationOnly()
        {
            // The 2nd allocation from now fails; the 3rd succeeds again.
            var pool = NewPool(8, out _, out var faults);
            faults.FailAt(2);

            Assert.Equal(B, pool.AllocPages(0));
            Assert.Null(pool.AllocPages(0));
            Assert.Equal(B + Pg, pool.AllocPages(0));
            Assert.Equal((3L, 2), (faults.Attempts, pool.UsedPages));
        }

        [Fact]
        public void Zero_Cancels()
        {
            // FailAt(0) cancels a pending failure.
            var pool = NewPool(8, out _, out var faults);
            faults.FailAt(1);
            faults.FailAt(0);

            Assert.Equal(B, pool.AllocPages(0));
        }

        [Fact]
        public void FailedAllocation_LogsOnlyTheFailure()
        {
            // A refused allocation changes nothing; it logs one AllocFailed event (the harness's
            // only excuse for -ENOMEM) and no Alloc.
            var pool = NewPool(8, out var log, out var faults);
            faults.FailAt(1);

            Assert.Null(pool.AllocPages(0));

            Assert.Equal((1, EventKind.AllocFailed, 0), (log.Count, log[0].Kind, pool.UsedPages));
        }

        [Fact]
        public void FailedOrder1Allocation_LogsTheOrderAsked()
        {
            // A one-page pool has only order 0: the order-1 request (a two-page root) fails and says order 1.
            var pool = NewPool(1, out var log, out _);

            Assert.Null(pool.AllocPages(1));

            Assert.Equal([new Event(EventKind.AllocFailed, B, 0, 0, 1, 0)], log.Since(0).ToArray());
        }
    }
    /// <summary>A released pool's page contents go to the next pool on the thread (<see cref="PagePool.Release"/>), which must see fresh zeroed pages.</summary>
    public class Release
    {
        [Fact]
        public void ReleasedPool_ReadsZeros_AndTheNextPoolGetsZeroedPages()
        {
            var used = NewPool(8);
            for (var page = 0UL; page < 8; page++)
            {
                for (var i = 0; i < 512; i++)
                {
                    used.Write(B + (page * Pg), i, 0xDEAD_0000 + (ulong)i);
                }
            }
            var written = new bool[8];
            used.CopyWritten(written);
            Assert.All(written, Assert.True);

            used.Release();

            used.CopyWritten(written);
            Assert.All(written, Assert.False);
            Assert.True(used.IsZero(B + Pg));
            var next = NewPool(8);
            for (var page = 0UL; page < 8; page++)
            {
                next.Write(B + (page * Pg), 3, 1);
                var contents = next.View(B + (page * Pg)).ToArray();
                Assert.Equal(1UL, contents[3]);
                Assert.Equal(511, contents.Count(v => v == 0));
            }
        }
    }

    /// <summary>A new pool copies the free lists a pool of its shape had after attaching every page, on this thread.</summary>
    public class FreshState
    {
        /// <summary>Allocations of orders 0 to 3 in turn, some freed at once, until the pool runs dry; every other block freed, and again: the events.</summary>
        private static List<string> Exercise(PagePool pool, EventLog log)
        {
            var handed = new List<ulong>();
            for (var i = 0; i < 10_000 && (pool.AllocPages(i % 4) ?? pool.AllocPages(0)) is { } pa; i++)
            {
                handed.Add(pa);
                if (i % 3 == 2)
                {
                    // A block freed while the free lists still hold others goes to the tail of its list.
                    pool.PutPage(handed[^2]);
                    handed.RemoveAt(handed.Count - 2);
                }
            }
            for (var i = 0; i < handed.Count; i += 2)
            {
                pool.PutPage(handed[i]);
            }
            for (var i = 0; i < 10_000 && pool.AllocPages(i % 3) is not null; i++)
            {
            }
            return [.. Enumerable.Range(0, log.Count).Select(i => log[i].ToString())];
        }

        [Theory]
        [InlineData(1, false)]
        [InlineData(6, false)]
        [InlineData(8, true)]
        [InlineData(8, false)]
        [InlineData(515, false)]
        [InlineData(2048, true)]
        [InlineData(2048, false)]
        [InlineData(5000, false)]
        public void CopiedState_AllocatesAsAttachingDid(int pages, bool fixedMaxOrder)
        {
            FreshPoolState.ForgetAll();
            var attachedLog = new EventLog();
            var attached = new PagePool("a", B, pages, 12, attachedLog, new AllocFaultInjector(), fixedMaxOrder);
            Assert.NotNull(FreshPoolState.Find(pages, attached.MaxOrder));
            var copiedLog = new EventLog();
            var copied = new PagePool("a", B, pages, 12, copiedLog, new AllocFaultInjector(), fixedMaxOrder);

            Assert.Equal(attached.DescribeState(), copied.DescribeState());
            Assert.Equal(Exercise(attached, attachedLog), Exercise(copied, copiedLog));
            Assert.Equal(attached.UsedPages, copied.UsedPages);
        }
    }
}
