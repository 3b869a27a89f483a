using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class MmOpsTests
{
    private const ulong A = 0x1_0000_0000;
    private const ulong C = 0x2_0000_0000;

    private static MmOps NewMm(out PagePool a, out PagePool c)
    {
        var log = new EventLog();
        var faults = new AllocFaultInjector();
        a = new PagePool("a", A, 4, 12, log, faults);
        c = new PagePool("c", C, 4, 12, log, faults);
        return new MmOps(log, faults, a, c);
    }

    /// <summary>Routing by physical address (kvm_pgtable_mm_ops as pKVM fills it).</summary>
    public class Routing
    {
        [Fact]
        public void PoolOf_FindsHoldingPoolOrNull()
        {
            // A page knows its pool.
            var mm = NewMm(out var a, out var c);

            Assert.Same(a, mm.PoolOf(A + 0x3000));
            Assert.Same(c, mm.PoolOf(C));
            Assert.Null(mm.PoolOf(C + 0x4000));
            Assert.Equal(2, mm.Pools.Count);
        }

        [Fact]
        public void UsedPages_SumsEveryPool()
        {
            // Trace-format 2: pool used counts pages of all pools.
            var mm = NewMm(out var a, out var c);
            a.AllocPages(1);
            c.AllocPages(0);

            Assert.Equal(3, mm.UsedPages);
        }

        [Fact]
        public void ZallocPage_NullMemcacheGivesNull()
        {
            // Spec 3.2: no memcache, no page.
            var mm = NewMm(out var a, out _);

            Assert.Null(mm.ZallocPage(null));
            Assert.Equal(A, mm.ZallocPage(a));
            Assert.Equal(1, mm.PageCount(A));
        }

        [Fact]
        public void GetAndPut_RouteToPool()
        {
            // hyp_get_page / hyp_put_page by address.
            var mm = NewMm(out _, out var c);
            var p = c.AllocPages(0)!.Value;

            mm.GetPage(p);
            Assert.Equal(2, mm.PageCount(p));
            mm.PutPage(p);
            mm.PutPage(p);

            Assert.Equal((0, 0), (mm.PageCount(p), c.UsedPages));
        }
    }

    /// <summary>Accesses the harness must report rather than crash on (spec 8.5).</summary>
    public class BadAccess
    {
        [Fact]
        public void OutsideEveryPool_IsLoggedAsWildAccess()
        {
            // A corrupt table address: reads give 0, writes are dropped, counts are 0.
            var mm = NewMm(out _, out _);
            const ulong wild = 0x9_0000_0000;

            Assert.Equal(0UL, mm.Read(wild, 3));
            mm.Write(wild, 3, 0x1234);
            mm.GetPage(wild);
            mm.PutPage(wild);

            Assert.Equal(0, mm.PageCount(wild));
            Assert.Equal(4, PgtableInspector.Count(mm.Log, EventKind.WildAccess));
        }

        [Fact]
        public void ReadOfFreePage_IsLoggedAsAccessToFreePage()
        {
            // Spec 8.5: no walker read of a descriptor in a free page.
            var mm = NewMm(out _, out _);

            Assert.Equal(0UL, mm.Read(A, 0));

            Assert.Equal([new Event(EventKind.AccessToFreePage, A, 0, 0, 0, 0)], mm.Log.Since(0).ToArray());
        }

        [Fact]
        public void WriteToFreePage_IsLoggedAsAccessToFreePage()
        {
            // Spec 8.5: no walker write of a descriptor in a free page.
            var mm = NewMm(out _, out _);

            mm.Write(C, 1, 5);

            Assert.Equal([new Event(EventKind.AccessToFreePage, C, 0, 0, 0, 0)], mm.Log.Since(0).ToArray());
        }
    }

    /// <summary>The walker's descriptor store: the logged write with the value it replaces, then the write.</summary>
    public class WriteLogged
    {
        [Fact]
        public void IntoAnAllocatedPage_LogsOldAndNewThenWrites()
        {
            var mm = NewMm(out var a, out _);
            var table = a.AllocPages(0)!.Value;
            mm.Write(table, 7, 0x11);
            var before = mm.Log.Count;

            mm.WriteLogged(table, 7, 0x22, 0x4000_0000, 2);

            Assert.Equal([new Event(EventKind.PteWrite, table + (7 * 8), 0x4000_0000, 2, 0x11, 0x22)], mm.Log.Since(before).ToArray());
            Assert.Equal(0x22UL, mm.Read(table, 7));
        }

        [Fact]
        public void OutsideEveryPool_LogsTheWildAccessOfTheReadAndOfTheWrite()
        {
            // As a read and a write would each on their own: the store is dropped, the old value reads 0.
            var mm = NewMm(out _, out _);
            const ulong wild = 0x9_0000_0000;

            mm.WriteLogged(wild, 1, 0x33, 0x2000, 3);

            Assert.Equal(
                [
                    new Event(EventKind.WildAccess, wild, 0, 0, 0, 0),
                    new Event(EventKind.PteWrite, wild + 8, 0x2000, 3, 0, 0x33),
                    new Event(EventKind.WildAccess, wild, 0, 0, 0, 0),
                ],
                mm.Log.Since(0).ToArray());
            Assert.Equal(0UL, mm.Read(wild, 1));
        }

        [Fact]
        public void IntoAFreePage_LogsTheUseOfTheReadAndOfTheWrite()
        {
            var mm = NewMm(out _, out _);

            mm.WriteLogged(C, 2, 0x44, 0x3000, 3);

            Assert.Equal(
                [
                    new Event(EventKind.AccessToFreePage, C, 0, 0, 0, 0),
                    new Event(EventKind.PteWrite, C + 16, 0x3000, 3, 0, 0x44),
                    new Event(EventKind.AccessToFreePage, C, 0, 0, 0, 0),
                ],
                mm.Log.Since(0).ToArray());
        }
    }
}
