using FsCheck;
using FsCheck.Fluent;
using Harness.Properties.Backends;
using Harness.Properties.Commands;
using Harness.Properties.Generators;
using Harness.Properties.Trace;

namespace Harness.Properties.Runner;

/// <summary>
/// Replays a trace on two backends (the port and the kernel's own code) with <c>--dump --log</c> and
/// compares the outputs line by line: correct implementations of the trace format print the same bytes,
/// so the first differing line is a bug on one side. The left output goes to a temporary file and the
/// right one is compared with it as it is written, so memory stays flat whatever the trace's length.
/// </summary>
public static class TraceDiff
{
    /// <summary>Where two replays part: the line number and each side's line (null past its end), or the reason a side could not run.</summary>
    public sealed record Difference(long Line, string? Left, string? Right, string? Error = null);

    /// <summary>The first difference between the replays of <paramref name="trace"/> on <paramref name="left"/> and <paramref name="right"/>, or null.</summary>
    public static Difference? Compare(TraceFile trace, BackendChoice left, BackendChoice right) =>
        Compare(trace.Config, () => trace.Commands, left, right);

    /// <summary>
    /// As <see cref="Compare(TraceFile, BackendChoice, BackendChoice)"/> for a trace read twice, once per
    /// side, by <paramref name="commands"/> (a file streamed from disk).
    /// </summary>
    public static Difference? Compare(HarnessConfig config, Func<IEnumerable<Command>> commands, BackendChoice left, BackendChoice right)
    {
        var temp = Path.GetTempFileName();
        try
        {
            using (var a = new StreamWriter(temp) { NewLine = "\n" })
            {
                if (Side(config, commands(), a, left) is { } leftError)
                {
                    return new Difference(0, null, null, $"{left}: {leftError}");
                }
            }
            using var expected = new StreamReader(temp);
            var b = new ComparingWriter(expected);
            if (Side(config, commands(), b, right) is { } rightError)
            {
                return new Difference(0, null, null, $"{right}: {rightError}");
            }
            return b.Finish();
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>One side's replay: null, or why it could not run or stopped.</summary>
    private static string? Side(HarnessConfig config, IEnumerable<Command> commands, TextWriter output, BackendChoice backend)
    {
        try
        {
            return Replayer.Replay(config, commands, output, dump: true, log: true, backend);
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// <paramref name="count"/> traces from the generators' swarm: both layers, all granules and IPA sizes,
    /// any subset of the fix items (none included), and up to <paramref name="size"/> commands each.
    /// </summary>
    public static IEnumerable<TraceFile> Generate(int count, ulong seed, int size)
    {
        var gen = from layer in Gen.Elements(Layer.Stage2, Layer.Host)
                  from config in ConfigGenerators.For(layer, anyFixes: true)
                  from commands in Gen.ArrayOf(TestCases.Commands(config, [.. CommandCatalogue.Of(layer).Where(k => !k.CommentOnly)]))
                  select TraceFile.Of(config, commands);
        return gen.Sample(count, new Rnd(seed), size);
    }

    /// <summary>Compares the lines written to it with those of <c>expected</c>, keeping only the first difference.</summary>
    private sealed class ComparingWriter(TextReader expected) : TextWriter
    {
        private readonly System.Text.StringBuilder _partial = new();
        private long _line;
        private Difference? _first;

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value)
        {
            if (value != '\n')
            {
                _partial.Append(value);
                return;
            }
            _line++;
            var right = _partial.ToString();
            _partial.Clear();
            var left = expected.ReadLine();
            if (_first is null && left != right)
            {
                _first = new Difference(_line, left, right);
            }
        }

        public override void Write(string? value)
        {
            foreach (var c in value ?? "")
            {
                Write(c);
            }
        }

        /// <summary>The first difference, counting lines the left side has beyond the right's end.</summary>
        public Difference? Finish()
        {
            if (_first is null && expected.ReadLine() is { } extra)
            {
                _first = new Difference(_line + 1, extra, null);
            }
            return _first;
        }
    }
}
