using Harness.Implementation;
using Harness.Properties.Commands;
using Harness.Properties.Text;

namespace Harness.Properties.Trace;

/// <summary>
/// Reads the trace syntax (docs/trace-format.md section 1): the version line <c>harness-trace 1</c> first,
/// then configuration items, then commands of the configured layer (from <see cref="CommandCatalogue"/>).
/// <c>#</c> starts a comment, blank lines are skipped, items are case-sensitive, fields are separated by
/// one or more spaces, numbers are decimal or <c>0x</c> hexadecimal (unsigned 64-bit). A malformed line
/// gives a <see cref="TraceError"/> naming it; a configuration that cannot be set up is reported on the
/// line of the item at fault. Input of any size is read line by line: <see cref="Validate"/> checks a
/// whole file in constant memory, <see cref="Read"/> then yields its commands one at a time.
/// One comment is read, a Harness extension other implementations ignore as any comment:
/// <c># bug: NAME</c> names the deliberate bugs a counterexample was found with, for a checking replay.
/// </summary>
public static class TraceParser
{
    /// <summary>The comment that names the bugs switched on: <c># bug: NAME[, NAME]</c>.</summary>
    public const string BugDirective = "bug:";

    /// <summary>Parses a whole trace held in memory (saved failures, regression traces).</summary>
    public static TraceFile? Parse(string text, out TraceError? error)
    {
        var state = new ParseState();
        var commands = new List<Command>();
        var lines = new List<int>();
        error = Run(new StringReader(text), state, (c, line) =>
        {
            commands.Add(c);
            lines.Add(line);
        });
        return error is null ? new TraceFile(state.Config!, commands, lines) : null;
    }

    /// <summary>Checks a trace of any length in constant memory: its configuration and command count, or the first error.</summary>
    public static TraceError? Validate(TextReader reader, out HarnessConfig? config, out long commands)
    {
        var state = new ParseState();
        long n = 0;
        var error = Run(reader, state, (_, _) => n++);
        config = error is null ? state.Config : null;
        commands = n;
        return error;
    }

    /// <summary>The commands of a trace <see cref="Validate"/> accepted, one at a time.</summary>
    public static IEnumerable<Command> Read(TextReader reader)
    {
        var state = new ParseState();
        var lines = new BoundedLines(reader);
        while (lines.Next(out _) is { } line)
        {
            if (Line(state, lines.Number, line, out var command) is not null)
            {
                yield break;
            }
            if (command is not null)
            {
                yield return command;
            }
        }
    }

    private static TraceError? Run(TextReader reader, ParseState state, Action<Command, int> onCommand)
    {
        var lines = new BoundedLines(reader);
        while (lines.Next(out var tooLong) is { } line)
        {
            if (tooLong)
            {
                return new TraceError(lines.Number, $"the line is longer than {BoundedLines.DefaultMaxLength} characters; a trace item is a few short fields");
            }
            if (Line(state, lines.Number, line, out var command) is { } error)
            {
                return error;
            }
            if (command is not null)
            {
                onCommand(command, lines.Number);
            }
        }
        // At the end, a configuration error with no item to blame is reported on the last line: one the file has.
        return state.EndConfig(Math.Max(1, lines.Number));
    }

    private static TraceError? Line(ParseState state, int number, string line, out Command? command)
    {
        command = null;
        var hash = line.IndexOf('#');
        if (hash >= 0)
        {
            if (state.Comment(number, line[(hash + 1)..].Trim()) is { } commentError)
            {
                return commentError;
            }
            line = line[..hash];
        }
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 0 ? null : state.Item(number, fields, out command);
    }

    private sealed class ParseState
    {
        private readonly List<(MemRange Range, int Line)> _memory = [];
        private readonly Dictionary<string, int> _itemLines = new(StringComparer.Ordinal);
        private bool _versionSeen;
        private bool _configDone;
        private Granule _granule = Granule.Size4K;
        private int _ia = 40;
        private Layer _layer = Layer.Stage2;
        private int _pool = 512;
        private Fix _fixes;
        private Bug _bugs;

        public HarnessConfig? Config { get; private set; }

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
                    return new TraceError(line, $"unknown bug {Printable.Quote(name)} in the '# {BugDirective}' comment");
                }
                _bugs |= Enum.Parse<Bug>(name);
            }
            if (Config is not null)
            {
                Config = Config.WithBugs(_bugs);
            }
            return null;
        }

        public TraceError? Item(int line, string[] f, out Command? command)
        {
            command = null;
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
                _ => CommandItem(line, f, out command),
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
                return new TraceError(line, f[0] == "memory" ? $"memory takes two arguments, BASE END; got {f.Length - 1}" : $"{f[0]} takes one argument, got {f.Length - 1}");
            }
            if (f[0] is not ("memory" or "fix") && !_itemLines.TryAdd(f[0], line))
            {
                return new TraceError(line, $"{f[0]} given twice (first on line {_itemLines[f[0]]})");
            }
            switch (f[0])
            {
                case "profile":
                    return f[1] == "v5.13" ? null : new TraceError(line, $"unknown profile {Printable.Quote(f[1])} (the only profile is v5.13)");
                case "fix":
                    if (!FixText.TryParse(f[1], out var fix))
                    {
                        return new TraceError(line, $"unknown fix {Printable.Quote(f[1])}: Harness applies {string.Join(", ", FixText.All.Select(x => x.Name))}");
                    }
                    _fixes |= fix;
                    return null;
                case "granule":
                    return GranuleText.TryParse(f[1], out _granule) ? null : new TraceError(line, $"granule must be 4k, 16k or 64k, not {Printable.Quote(f[1])}");
                case "ia":
                    if (!TraceNumbers.TryParse(f[1], out var ia) || ia > 64)
                    {
                        return new TraceError(line, $"ia must be a number of bits (32 to 48, or 52 with 64k), not {Printable.Quote(f[1])}");
                    }
                    _ia = (int)ia;
                    return null;
                case "layer":
                    switch (f[1])
                    {
                        case "stage2": _layer = Layer.Stage2; return null;
                        case "host": _layer = Layer.Host; return null;
                        default: return new TraceError(line, $"layer must be stage2 or host, not {Printable.Quote(f[1])}");
                    }
                case "pool":
                    if (!TraceNumbers.TryParse(f[1], out var pool))
                    {
                        return new TraceError(line, TraceNumbers.NotANumber(f[1]));
                    }
                    if (pool > int.MaxValue)
                    {
                        return new TraceError(line, $"a pool of {pool} pages is more than a world may simulate ({ConfigCheck.MaxPoolBytes >> 20} MiB of table memory)");
                    }
                    _pool = (int)pool;
                    return null;
                default:
                    if (_memory.Count >= ConfigCheck.MaxRegions)
                    {
                        return new TraceError(line, $"more than {ConfigCheck.MaxRegions} memory regions: the hypervisor copies at most {ConfigCheck.MaxRegions} (HYP_MEMBLOCK_REGIONS)");
                    }
                    if (!TraceNumbers.TryParse(f[1], out var start))
                    {
                        return new TraceError(line, TraceNumbers.NotANumber(f[1]));
                    }
                    if (!TraceNumbers.TryParse(f[2], out var end))
                    {
                        return new TraceError(line, TraceNumbers.NotANumber(f[2]));
                    }
                    _memory.Add((new MemRange(start, end), line));
                    return null;
            }
        }

        private TraceError? CommandItem(int line, string[] f, out Command? command)
        {
            command = null;
            var kind = CommandCatalogue.Find(f[0]);
            if (kind is null || kind.CommentOnly)
            {
                var names = string.Join(", ", CommandCatalogue.All.Where(k => !k.CommentOnly).Select(k => k.Name));
                return new TraceError(line, $"unknown item {Printable.Quote(f[0])} (expected a configuration item or one of {names})");
            }
            if (EndConfig(line) is { } configError)
            {
                return configError;
            }
            if (kind.Layer is { } l && l != _layer)
            {
                return new TraceError(line, $"{kind.Name} is a {LayerText(l)}-layer command, but this trace's layer is {LayerText(_layer)}");
            }
            if (f.Length - 1 != kind.Arity)
            {
                return new TraceError(line, $"{kind.Name} {(f.Length - 1 < kind.Arity ? "is missing an argument" : "has too many arguments")}: it takes {kind.Usage}");
            }
            var (parsed, why) = kind.Parse(f[1..]);
            if (parsed is null)
            {
                return new TraceError(line, why ?? "malformed arguments");
            }
            command = parsed;
            return null;
        }

        /// <summary>Closes the configuration at the first command (or the end of the file) and checks it as a whole.</summary>
        public TraceError? EndConfig(int line)
        {
            if (!_versionSeen)
            {
                // Only reached at the end of a file with no item at all (blank or comments): line 1, where the version line belongs.
                return new TraceError(1, "the trace is empty: the first item must be the version line 'harness-trace 1'");
            }
            if (_configDone)
            {
                return null;
            }
            _configDone = true;
            Config = new HarnessConfig(_layer, _granule, _ia, _pool, [.. _memory.Select(m => m.Range)], _bugs) { Fixes = _fixes };
            if (ConfigCheck.Find(Config) is not { } problem)
            {
                return null;
            }
            var iaLine = _itemLines.GetValueOrDefault("ia", _itemLines.GetValueOrDefault("granule", line));
            var at = problem.Item switch
            {
                "ia" => iaLine,
                "pool" => _itemLines.GetValueOrDefault("pool", line),
                "memory" when _memory.Count > 0 => _memory[Math.Clamp(problem.Region, 0, _memory.Count - 1)].Line,
                _ => _itemLines.GetValueOrDefault("layer", iaLine),
            };
            return new TraceError(at, problem.Why);
        }

        private static string LayerText(Layer l) => l == Layer.Stage2 ? "stage2" : "host";
    }
}
