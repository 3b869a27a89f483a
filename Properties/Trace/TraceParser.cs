using System.Globalization;
using Harness.Implementation;
using Harness.Properties.Commands;

namespace Harness.Properties.Trace;

/// <summary>
/// Reads the trace syntax (trace-format.md section 1): the version line <c>harness-trace 1</c> first, then
/// configuration items, then commands of the configured layer. <c>#</c> starts a comment, blank lines are
/// skipped, items are case-sensitive, fields are separated by one or more spaces, numbers are decimal or
/// <c>0x</c> hexadecimal (unsigned 64-bit). A malformed line gives a <see cref="TraceError"/> naming it;
/// a configuration <see cref="World.Create"/> rejects is reported on the line of the item at fault.
/// Comments are dropped, so a <c># get_leaf</c> line written by <see cref="TraceWriter"/> is not a command.
/// One comment is read, a Harness extension that other implementations ignore as any comment:
/// <c># bug: NAME</c> records the deliberate bugs a counterexample was found with
/// (<see cref="HarnessConfig.Bugs"/>), for a checking replay to switch them on again.
/// </summary>
public static class TraceParser
{
    /// <summary>The comment that names the bugs switched on: <c># bug: NAME[, NAME]</c>.</summary>
    public const string BugDirective = "bug:";

    /// <summary>Pages a <c>pool</c> item may ask for; more is a typo, not a test.</summary>
    public const int MaxPoolPages = 1 << 20;

    public static TraceFile? Parse(string text, out TraceError? error)
    {
        var state = new ParseState();
        error = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length && error is null; i++)
        {
            var line = lines[i];
            var hash = line.IndexOf('#');
            if (hash >= 0)
            {
                error = state.Comment(i + 1, line[(hash + 1)..].Trim());
                line = line[..hash];
            }
            // Tolerate CRLF files: a stray CR is never part of an item.
            var fields = line.TrimEnd('\r').Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && error is null)
            {
                error = state.Item(i + 1, fields);
            }
        }
        error ??= state.EndConfig(lines.Length);
        return error is null ? new TraceFile(state.Config.WithBugs(state.Bugs), state.Commands, state.Lines) : null;
    }

    /// <summary>Parses a trace number: decimal, or <c>0x</c> and hexadecimal digits; unsigned 64-bit.</summary>
    public static bool TryParseNumber(string text, out ulong value)
    {
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            value = 0;
            return text.Length > 2 && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private sealed class ParseState
    {
        private bool _versionSeen;
        private bool _configDone;
        private Granule _granule = Granule.Size4K;
        private int _ia = 40;
        private Layer _layer = Layer.Stage2;
        private int _pool = 512;
        private readonly List<(MemRange Range, int Line)> _memory = [];
        private Fix _fixes;
        private readonly Dictionary<string, int> _itemLines = new(StringComparer.Ordinal);

        public HarnessConfig Config { get; private set; } = HarnessConfig.Stage2Default;

        public List<Command> Commands { get; } = [];

        public List<int> Lines { get; } = [];

        public Bug Bugs { get; private set; }

        /// <summary>Reads a <c># bug: NAME</c> comment; any other comment is ignored.</summary>
        public TraceError? Comment(int line, string text)
        {
            if (!text.StartsWith(BugDirective, StringComparison.Ordinal))
            {
                return null;
            }
            foreach (var name in text[BugDirective.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (name == nameof(Bug.None) || !Enum.GetNames<Bug>().Contains(name, StringComparer.Ordinal))
                {
                    return new TraceError(line, $"unknown bug '{name}' in the '# {BugDirective}' comment");
                }
                Bugs |= Enum.Parse<Bug>(name);
            }
            return null;
        }

        public TraceError? Item(int line, string[] f)
        {
            if (!_versionSeen)
            {
                if (f is not ["harness-trace", "1"])
                {
                    return new TraceError(line, "the first item must be the version line 'harness-trace 1'");
                }
                _versionSeen = true;
                return null;
            }
            return f[0] switch
            {
                "harness-trace" => new TraceError(line, "the version line may appear only once, first"),
                "profile" or "granule" or "ia" or "layer" or "pool" or "memory" or "fix" => ConfigItem(line, f),
                "map" or "unmap" or "set_owner" or "fault" or "donate" or "fail_alloc" => CommandItem(line, f),
                _ => new TraceError(line, $"unknown item '{f[0]}' (expected a configuration item or one of map, unmap, set_owner, fault, donate, fail_alloc)"),
            };
        }

        private TraceError? ConfigItem(int line, string[] f)
        {
            if (_configDone)
            {
                return new TraceError(line, $"configuration item '{f[0]}' after the first command; configuration comes before the commands");
            }
            var expected = f[0] == "memory" ? 2 : 1;
            if (f.Length - 1 != expected)
            {
                return new TraceError(line, f[0] == "memory" ? "memory takes two arguments: BASE END" : $"{f[0]} takes one argument, got {f.Length - 1}");
            }
            if (f[0] is not ("memory" or "fix") && !_itemLines.TryAdd(f[0], line))
            {
                return new TraceError(line, $"{f[0]} given twice (first on line {_itemLines[f[0]]})");
            }
            switch (f[0])
            {
                case "profile":
                    return f[1] == "v5.13" ? null : new TraceError(line, $"unknown profile '{f[1]}' (the only profile is v5.13)");
                case "fix":
                    if (!FixText.TryParse(f[1], out var fix))
                    {
                        return new TraceError(line, $"unknown fix '{f[1]}' (use one of {string.Join(", ", FixText.All.Select(x => x.Name))})");
                    }
                    _fixes |= fix;
                    return null;
                case "granule":
                    return GranuleText.TryParse(f[1], out _granule) ? null : new TraceError(line, $"granule must be 4k, 16k or 64k, not '{f[1]}'");
                case "ia":
                    if (!TryParseNumber(f[1], out var ia) || ia > 64)
                    {
                        return new TraceError(line, $"ia must be a number of bits (32 to 48, or 52 with 64k), not '{f[1]}'");
                    }
                    _ia = (int)ia;
                    return null;
                case "layer":
                    switch (f[1])
                    {
                        case "stage2": _layer = Layer.Stage2; return null;
                        case "host": _layer = Layer.Host; return null;
                        default: return new TraceError(line, $"layer must be stage2 or host, not '{f[1]}'");
                    }
                case "pool":
                    if (!TryParseNumber(f[1], out var pool))
                    {
                        return BadNumber(line, f[1]);
                    }
                    if (pool > MaxPoolPages)
                    {
                        return new TraceError(line, $"pool of {pool} pages is more than the {MaxPoolPages} a trace may ask for");
                    }
                    _pool = (int)pool;
                    return null;
                default:
                    if (!TryParseNumber(f[1], out var start))
                    {
                        return BadNumber(line, f[1]);
                    }
                    if (!TryParseNumber(f[2], out var end))
                    {
                        return BadNumber(line, f[2]);
                    }
                    _memory.Add((new MemRange(start, end), line));
                    return null;
            }
        }

        private TraceError? CommandItem(int line, string[] f)
        {
            if (EndConfig(line) is { } configError)
            {
                return configError;
            }
            var (arity, usage, layer) = f[0] switch
            {
                "map" => (4, "ADDR SIZE PHYS PROT", (Layer?)Layer.Stage2),
                "unmap" => (2, "ADDR SIZE", Layer.Stage2),
                "set_owner" => (3, "ADDR SIZE OWNER", Layer.Stage2),
                "fault" => (1, "ADDR", Layer.Host),
                "donate" => (2, "ADDR SIZE", Layer.Host),
                _ => (1, "N", (Layer?)null),
            };
            if (layer is { } l && l != _layer)
            {
                return new TraceError(line, $"{f[0]} is a {LayerText(l)}-layer command, but this trace's layer is {LayerText(_layer)}");
            }
            if (f.Length - 1 < arity)
            {
                return new TraceError(line, $"{f[0]} is missing an argument: it takes {usage}");
            }
            if (f.Length - 1 > arity)
            {
                return new TraceError(line, $"{f[0]} has too many arguments: it takes {usage}");
            }
            var n = new ulong[arity];
            for (var i = 0; i < arity; i++)
            {
                if (f[0] == "map" && i == 3)
                {
                    continue;
                }
                if (!TryParseNumber(f[i + 1], out n[i]))
                {
                    return BadNumber(line, f[i + 1]);
                }
            }
            Command cmd;
            switch (f[0])
            {
                case "map":
                    if (!ProtText.TryParse(f[4], out var prot))
                    {
                        return new TraceError(line, $"'{f[4]}' is not a protection: use a subset of the letters r, w, x, d in that order, or '-'");
                    }
                    cmd = new Map(n[0], n[1], n[2], prot);
                    break;
                case "unmap": cmd = new Unmap(n[0], n[1]); break;
                case "set_owner": cmd = new SetOwner(n[0], n[1], n[2]); break;
                case "fault": cmd = new Fault(n[0]); break;
                case "donate": cmd = new Donate(n[0], n[1]); break;
                default: cmd = new FailAlloc(n[0]); break;
            }
            Commands.Add(cmd);
            Lines.Add(line);
            return null;
        }

        /// <summary>Closes the configuration at the first command (or the end of the file) and checks it as a whole.</summary>
        public TraceError? EndConfig(int line)
        {
            if (!_versionSeen)
            {
                return new TraceError(Math.Max(1, line), "the trace is empty: the first item must be the version line 'harness-trace 1'");
            }
            if (_configDone)
            {
                return null;
            }
            _configDone = true;
            var iaLine = _itemLines.GetValueOrDefault("ia", _itemLines.GetValueOrDefault("granule", line));
            if (Geometry.Stage2(_granule, _ia) is not { } geo)
            {
                return new TraceError(iaLine, $"ia {_ia} is not valid with the {GranuleText.Format(_granule)} granule: use 32 to 48 bits (52 with 64k)");
            }
            if (_layer == Layer.Host && Array.IndexOf(HostStage2.PaRangeBits, _ia) < 0)
            {
                return new TraceError(iaLine, $"ia {_ia} is not a PARange size, which the host layer needs: use 32, 36, 40, 42, 44, 48 (52 with 64k)");
            }
            if (_layer == Layer.Stage2 && _memory.Count > 0)
            {
                return new TraceError(_memory[0].Line, "memory is a host-layer item, but this trace's layer is stage2");
            }
            var top = _ia >= 64 ? ulong.MaxValue : 1UL << _ia;
            for (var i = 0; i < _memory.Count; i++)
            {
                var (r, at) = _memory[i];
                if (((r.Start | r.End) & (geo.PageSize - 1)) != 0)
                {
                    return new TraceError(at, $"memory region [0x{r.Start:x}, 0x{r.End:x}) is not aligned to the 0x{geo.PageSize:x}-byte page");
                }
                if (r.End <= r.Start)
                {
                    return new TraceError(at, $"memory region [0x{r.Start:x}, 0x{r.End:x}) is empty: END must be above BASE");
                }
                if (r.End > top)
                {
                    return new TraceError(at, $"memory region [0x{r.Start:x}, 0x{r.End:x}) goes past the {_ia}-bit address space");
                }
                if (i > 0 && r.Start < _memory[i - 1].Range.End)
                {
                    return new TraceError(at, $"memory region [0x{r.Start:x}, 0x{r.End:x}) overlaps or comes before the one on line {_memory[i - 1].Line}: regions must be sorted and disjoint");
                }
            }
            Config = new HarnessConfig(_layer, _granule, _ia, _pool, [.. _memory.Select(m => m.Range)], Bug.None) { Fixes = _fixes };
            if (World.Create(Config, out var why) is null)
            {
                var at = _memory.Count > 0 ? _memory[^1].Line : _itemLines.GetValueOrDefault("layer", iaLine);
                return new TraceError(at, $"the configuration is not valid: {why}");
            }
            return null;
        }

        private static TraceError BadNumber(int line, string text) =>
            new(line, $"'{text}' is not a number: use decimal or 0x hexadecimal, unsigned 64-bit");

        private static string LayerText(Layer l) => l == Layer.Stage2 ? "stage2" : "host";
    }
}
