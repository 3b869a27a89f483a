using Harness.Implementation;
using Harness.Properties.Commands;
using Harness.Properties.Trace;

namespace Harness.Properties.Tests.Trace;

public class TraceParserTests
{
    private const string Head = "harness-trace 1\n";

    private static TraceError Error(string text)
    {
        Assert.Null(TraceParser.Parse(text, out var error));
        return error!;
    }

    public class Malformed
    {
        // Each malformed-line class of trace-format.md section 1 is reported on its line with its reason.
        [Theory]
        [InlineData("harness-trace 2\n", 1, "the first item must be the version line 'harness-trace 1'")]
        [InlineData("# c\n\nmap 0x0 0x1000 0x0 r\n", 3, "the first item must be the version line 'harness-trace 1'")]
        [InlineData("", 1, "the trace is empty: the first item must be the version line 'harness-trace 1'")]
        [InlineData("# only\n# comments\n\n", 1, "the trace is empty: the first item must be the version line 'harness-trace 1'")]
        [InlineData(Head + "colour blue\n", 2, "unknown item 'colour' (expected a configuration item or one of map, unmap, set_owner, fault, donate, fail_alloc)")]
        [InlineData(Head + "Map 0x0 0x1000 0x0 r\n", 2, "unknown item 'Map' (expected a configuration item or one of map, unmap, set_owner, fault, donate, fail_alloc)")]
        [InlineData(Head + "get_leaf 0x0\n", 2, "unknown item 'get_leaf' (expected a configuration item or one of map, unmap, set_owner, fault, donate, fail_alloc)")]
        [InlineData(Head + "fix page-sized\n", 2, "unknown fix 'page-sized': Harness applies page-sized-annotations, pool-max-order, donate-checks-owner, donate-maps-hyp")]
        [InlineData(Head + "unmap 0 1\nfix pool-max-order\n", 3, "configuration item 'fix' after the first command; configuration comes before the commands")]
        [InlineData(Head + "map 0x0 0x1000 0x0 r\x1b[2J\n", 2, "'r\\x1b[2J' is not a protection: use a subset of the letters r, w, x, d in that order, or '-'")]
        [InlineData(Head + "map 0x0 0x1000 0xg r\n", 2, "'0xg' is not a number: use decimal or 0x hexadecimal, unsigned 64-bit")]
        [InlineData(Head + "unmap 0x 4096\n", 2, "'0x' is not a number: use decimal or 0x hexadecimal, unsigned 64-bit")]
        [InlineData(Head + "unmap 18446744073709551616 1\n", 2, "'18446744073709551616' is not a number: use decimal or 0x hexadecimal, unsigned 64-bit")]
        [InlineData(Head + "unmap -1 1\n", 2, "'-1' is not a number: use decimal or 0x hexadecimal, unsigned 64-bit")]
        [InlineData(Head + "map 0x0 0x1000 0x0 wr\n", 2, "'wr' is not a protection: use a subset of the letters r, w, x, d in that order, or '-'")]
        [InlineData(Head + "map 0x0 0x1000 0x0\n", 2, "map is missing an argument: it takes ADDR SIZE PHYS PROT")]
        [InlineData(Head + "fail_alloc\n", 2, "fail_alloc is missing an argument: it takes N")]
        [InlineData(Head + "unmap 0 1 2\n", 2, "unmap has too many arguments: it takes ADDR SIZE")]
        [InlineData(Head + "fault 0x1000\n", 2, "fault is a host-layer command, but this trace's layer is stage2")]
        [InlineData(Head + "layer host\nmap 0x0 0x1000 0x0 r\n", 3, "map is a stage2-layer command, but this trace's layer is host")]
        [InlineData(Head + "unmap 0 1\nia 36\n", 3, "configuration item 'ia' after the first command; configuration comes before the commands")]
        [InlineData(Head + "granule 8k\n", 2, "granule must be 4k, 16k or 64k, not '8k'")]
        [InlineData(Head + "ia 40\nia 40\n", 3, "ia given twice (first on line 2)")]
        [InlineData(Head + "ia 31\nunmap 0 1\n", 2, "ia 31 is not valid with the 4k granule: use 32 to 48 bits")]
        [InlineData(Head + "granule 4k\nia 52\n", 3, "ia 52 is not valid with the 4k granule: use 32 to 48 bits")]
        [InlineData(Head + "ia forty\n", 2, "ia must be a number of bits (32 to 48, or 52 with 64k), not 'forty'")]
        [InlineData(Head + "layer host\nia 38\n", 3, "ia 38 is not a PARange size, which the host layer needs: use 32, 36, 40, 42, 44, 48 (52 with 64k)")]
        [InlineData(Head + "layer guest\n", 2, "layer must be stage2 or host, not 'guest'")]
        [InlineData(Head + "profile v5.15\n", 2, "unknown profile 'v5.15' (the only profile is v5.13)")]
        [InlineData(Head + "layer host\nmemory 0x40000800 0x80000000\n", 3, "memory region [0x40000800, 0x80000000) is not aligned to the 0x1000-byte page")]
        [InlineData(Head + "layer host\nmemory 0x40000000 0x80000000\nmemory 0x7ffff000 0x90000000\n", 4, "memory region [0x7ffff000, 0x90000000) overlaps or comes before the one before it: regions must be sorted and disjoint")]
        [InlineData(Head + "layer host\nmemory 0x80000000 0x90000000\nmemory 0x40000000 0x50000000\n", 4, "memory region [0x40000000, 0x50000000) overlaps or comes before the one before it: regions must be sorted and disjoint")]
        [InlineData(Head + "layer host\nmemory 0x40000000 0x40000000\n", 3, "memory region [0x40000000, 0x40000000) is empty: END must be above BASE")]
        [InlineData(Head + "layer host\nia 32\nmemory 0x40000000 0x200000000\n", 4, "memory region [0x40000000, 0x200000000) goes past the 32-bit address space")]
        [InlineData(Head + "memory 0x40000000 0x80000000\n", 2, "memory is a host-layer item, but the layer is stage2")]
        [InlineData(Head + "memory 0x40000000\n", 2, "memory takes two arguments, BASE END; got 1")]
        [InlineData(Head + "pool 2000000\n", 2, "a pool of 2000000 4k pages is more than the 32 MiB of table memory a world may simulate: at most 8192 4k pages")]
        [InlineData(Head + "granule 64k\npool 513\n", 3, "a pool of 513 64k pages is more than the 32 MiB of table memory a world may simulate: at most 512 64k pages")]
        [InlineData(Head + "pool 99999999999\n", 2, "a pool of 99999999999 pages is more than a world may simulate (32 MiB of table memory)")]
        [InlineData(Head + "layer host\nia 48\nmemory 0x0 0x1000000000000\n", 4, "these memory regions need 134480916 table pages (525317 MiB) in the host's pools, more than the 32 MiB of table memory a world may simulate (8192 4k pages)")]
        [InlineData(Head + "# bug: NoSuchBug\n", 2, "unknown bug 'NoSuchBug' in the '# bug:' comment")]
        [InlineData(Head + "# bug: None\n", 2, "unknown bug 'None' in the '# bug:' comment")]
        [InlineData(Head + "unmap 0 1 # bug: RefcountValidOnly, refcountvalidonly\n", 2, "unknown bug 'refcountvalidonly' in the '# bug:' comment")]
        public void Line_GivesItsError(string text, int line, string why)
        {
            Assert.Equal(new TraceError(line, why), Error(text));
        }

        // 129 memory regions: the 129th item is refused for the limit, not for its alignment or order.
        [Fact]
        public void TooManyRegions_NamesTheLimit()
        {
            var regions = string.Concat(Enumerable.Range(0, 129).Select(i => $"memory 0x{(ulong)i * 0x2000:x} 0x{((ulong)i * 0x2000) + 0x1000:x}\n"));
            Assert.Equal(new TraceError(131, "more than 128 memory regions: the hypervisor copies at most 128 (HYP_MEMBLOCK_REGIONS)"), Error(Head + "layer host\n" + regions));
        }

        // A line longer than the limit is an error on its line; the rest of it is never held.
        [Fact]
        public void HugeLine_IsRefusedOnItsLine() =>
            Assert.Equal(new TraceError(2, "the line is longer than 4096 characters; a trace item is a few short fields"), Error(Head + new string('0', 10_000_000) + "\n"));

        // A 10 MB token inside the limit cannot happen; a long token is quoted cut short with its length.
        [Fact]
        public void LongToken_IsQuotedShort() =>
            Assert.Equal(new TraceError(2, "'" + new string('z', 40) + "...' (3000 characters) is not a number: use decimal or 0x hexadecimal, unsigned 64-bit"), Error(Head + "unmap " + new string('z', 3000) + " 1\n"));

        // The printed form is the one the replay puts on standard error after "error: ".
        [Fact]
        public void Error_PrintsLineAndReason() =>
            Assert.Equal("line 2: granule must be 4k, 16k or 64k, not '8K'", Error(Head + "granule 8K\n").ToString());
    }

    public class Valid
    {
        // Defaults of section 1, comments anywhere, several spaces, decimal and hex numbers.
        [Fact]
        public void DefaultsCommentsAndSpacing_Parse()
        {
            var trace = TraceParser.Parse("# lead\nharness-trace 1   # version\n\n  map   1073741824 0x1000  0x40000000 rw-\n".Replace("rw-", "rw"), out var error);
            Assert.Null(error);
            Assert.Equal(HarnessConfig.Stage2Default.Layer, trace!.Config.Layer);
            Assert.Equal((Granule.Size4K, 40, 512), (trace.Config.Granule, trace.Config.IaBits, trace.Config.PoolPages));
            Assert.Equal([new Map(0x40000000, 0x1000, 0x40000000, Prot.R | Prot.W)], trace.Commands);
            Assert.Equal([4], trace.Lines);
        }

        // Fix items become the configuration's fixes, in any order, repeated or not.
        [Fact]
        public void FixItems_BecomeConfigFixes()
        {
            var trace = TraceParser.Parse(Head + "fix pool-max-order\nfix page-sized-annotations\nfix pool-max-order\n", out var error);
            Assert.Null(error);
            Assert.Equal(Fix.PoolMaxOrder | Fix.PageSizedAnnotations, trace!.Config.Fixes);
        }

        // Without fix items a trace is v5.13 exactly.
        [Fact]
        public void NoFixItems_NoFixes() => Assert.Equal(Fix.None, TraceParser.Parse(Head, out _)!.Config.Fixes);

        // Host memory items become the configuration's regions; pool is accepted and ignored.
        [Fact]
        public void HostMemory_BecomesConfigMemory()
        {
            var trace = TraceParser.Parse(Head + "layer host\npool 3\nmemory 0x40000000 0x80000000\nmemory 0x80300000 0x80800000\nfault 0x40000000\ndonate 0x40000000 4096\nfail_alloc 0\n", out var error);
            Assert.Null(error);
            Assert.Equal([new MemRange(0x40000000, 0x80000000), new MemRange(0x80300000, 0x80800000)], trace!.Config.Memory);
            Assert.Equal<Command>([new Fault(0x40000000), new Donate(0x40000000, 0x1000), new FailAlloc(0)], trace.Commands);
        }
    }

    public class RoundTrip
    {
        // parse(print(parse(t))) == parse(t) for every regression trace and for generated sequences.
        [Theory]
        [MemberData(nameof(RegressionTraceTests.Names), MemberType = typeof(RegressionTraceTests))]
        public void Regression_ParsePrintParse_IsIdentity(string name)
        {
            var first = TraceParser.Parse(File.ReadAllText(RegressionTraceTests.TracePath(name)), out var e1)!;
            Assert.Null(e1);
            var second = TraceParser.Parse(TraceWriter.Write(first), out var e2)!;
            Assert.Null(e2);
            AssertSame(first, second);
        }

        // Every command the generators can make prints in a form the parser reads back (get_leaf as a comment).
        [Theory]
        [InlineData(Layer.Stage2, 1UL)]
        [InlineData(Layer.Stage2, 2UL)]
        [InlineData(Layer.Host, 1UL)]
        public void Generated_PrintParse_KeepsEveryTraceCommand(Layer layer, ulong seed)
        {
            var config = layer == Layer.Stage2 ? HarnessConfig.Stage2Default : HarnessConfig.HostDefault;
            var gen = Runner.TestCases.Commands(config, [.. CommandCatalogue.Of(layer)]);
            var commands = FsCheck.Fluent.Gen.Sample(gen, 200, new FsCheck.Rnd(seed), 50);
            var parsed = TraceParser.Parse(TraceWriter.Write(TraceFile.Of(config, commands)), out var error);
            Assert.Null(error);
            Assert.Equal(commands.Where(c => !c.Kind.CommentOnly), parsed!.Commands);
            AssertSame(parsed, TraceParser.Parse(TraceWriter.Write(parsed), out _)!);
        }

        private static void AssertSame(TraceFile a, TraceFile b)
        {
            Assert.Equal((a.Config with { Memory = [] }, a.Config.Fixes), (b.Config with { Memory = [] }, b.Config.Fixes));
            Assert.Equal(a.Config.Memory, b.Config.Memory);
            Assert.Equal(a.Commands, b.Commands);
        }
    }
}
