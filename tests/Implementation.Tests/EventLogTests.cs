using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class EventLogTests
{
    /// <summary>The ordered log (spec 5.0, 8).</summary>
    public class Log
    {
        [Fact]
        public void Disabled_RecordsNothing()
        {
            // Benchmarks switch logging off.
            var log = new EventLog { Enabled = false };

            log.Add(Ev.TlbiVmid());

            Assert.Equal(0, log.Count);
        }

        [Fact]
        public void SinceAndClear_GiveTailAndEmpty()
        {
            // Since(from) is the tail; Clear forgets everything.
            var log = new EventLog();
            log.Add(Ev.TlbiVmid());
            log.Add(Ev.Tlbi(0x1000, 3));

            Assert.Equal([Ev.Tlbi(0x1000, 3)], log.Since(1).ToArray());
            Assert.Equal(Ev.TlbiVmid(), log[0]);
            log.Clear();
            Assert.Equal(0, log.Count);
        }
    }

    /// <summary>Event text: the maintenance lines match trace-format 2.</summary>
    public class Format
    {
        [Fact]
        public void MaintenanceEvents_PrintAsTraceLines()
        {
            // Trace-format 2: tlbi vmid / tlbi ipa 0xIPA level L / tlbi ipa 0xIPA any / cmo 0xPA 0xLEN.
            Assert.Equal(
                [
                    "tlbi vmid",
                    "tlbi ipa 0x0000000040001000 level 2",
                    "tlbi ipa 0x0000000040001000 any",
                    "cmo 0x0000000040000000 0x200000",
                ],
                new[] { Ev.TlbiVmid(), Ev.Tlbi(0x4000_1000, 2), Ev.Tlbi(0x4000_1000, -1), Ev.Cmo(0x4000_0000, 0x20_0000) }.Select(e => e.ToString()));
        }

        [Fact]
        public void TlbiWithLevelZeroHint_PrintsTheLevel()
        {
            // Trace-format 2: only the no-hint value -1 prints as "any"; level 0 is a hint like any other.
            Assert.Equal("tlbi ipa 0x0000000000000000 level 0", Ev.Tlbi(0, 0).ToString());
        }

        [Fact]
        public void OtherEvents_PrintKindAndAddress()
        {
            // Descriptor writes and allocator traffic.
            Assert.Equal(
                [
                    "write 0x400000000008 (ipa 0x40000000 L1) 0x0000000000000000 -> 0x0000400000002003",
                    "alloc 0x400000002000 order 0",
                    "free 0x400000002000 order 1",
                    "Get 0x400000000000",
                ],
                new[]
                {
                    Ev.Write(0x4000_0000_0008, 0x4000_0000, 1, 0, 0x4000_0000_2003),
                    Ev.Alloc(0x4000_0000_2000),
                    Ev.Free(0x4000_0000_2000, 1),
                    Ev.Get(0x4000_0000_0000, 1),
                }.Select(e => e.ToString()));
            Assert.Equal(0x20_0000UL, Ev.Cmo(0x4000_0000, 0x20_0000).Len);
        }
    }
}
