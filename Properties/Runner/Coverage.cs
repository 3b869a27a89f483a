using Harness.Implementation;
using Harness.Properties.Commands;
using Harness.Properties.Invariants;
using Harness.Properties.Oracle;

namespace Harness.Properties.Runner;

/// <summary>
/// What a campaign reached, counted from the events and results of every command, so a property can be
/// shown not to be vacuous: leaves written at each level per granule, concatenated roots and 52-bit
/// output addresses reached, blocks split, tables replaced and freed, partial results, ownership changes,
/// faults granted, refused and recovered by MMIO recycling. Each label keeps its smallest example (the
/// shortest command sequence that reached it), and every command kind its share of errors (health).
/// </summary>
public sealed class Coverage
{
    private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (HarnessConfig Config, Command[] Commands)> _examples = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Total, long Errors)> _kinds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stepLabels = new(StringComparer.Ordinal);

    /// <summary>The event counter of the execution being counted.</summary>
    private EventCounter? _counter;

    public IReadOnlyDictionary<string, long> Counts => _counts;

    public long this[string key] => _counts.GetValueOrDefault(key);

    /// <summary>The shortest sequence that reached each label, with its configuration.</summary>
    public IReadOnlyDictionary<string, (HarnessConfig Config, Command[] Commands)> Examples => _examples;

    /// <summary>Per command kind: how many ran and how many were answered with an error.</summary>
    public IReadOnlyDictionary<string, (long Total, long Errors)> Kinds => _kinds;

    /// <summary>Commands a precondition refused (while shrinking, or a command of the other layer).</summary>
    public long RefusedByPrecondition { get; private set; }

    public void Add(string key, long n = 1) => _counts[key] = _counts.GetValueOrDefault(key) + n;

    /// <summary>The label of a granule-specific counter, e.g. <c>16k: leaf written at L2</c>.</summary>
    public static string ForGranule(int pageShift, string what) => $"{(1 << pageShift) / 1024}k: {what}";

    public const string ConcatenatedRoot = "a root page after the first written";
    public const string HighOutput = "leaf with an output address at or above 2^48";
    public const string MmioRecycled = "fault: recovered by MMIO recycling";
    public const string PoolRanDry = "allocation refused by a pool that ran dry";

    /// <summary>The labels a campaign of <paramref name="layer"/> must reach, for the granules it drew.</summary>
    public IEnumerable<string> Expected(Layer layer, IEnumerable<(int PageShift, int IaBits)> geometries)
    {
        var keys = new List<string> { "block split", "-ENOMEM", "owner 1 annotation written" };
        keys.AddRange(layer == Layer.Stage2
            ? ["table replaced by block", "table freed", "-EAGAIN", "owner 0 written over an annotation", "-EINVAL", "-ERANGE"]
            : ["fault granted", "fault refused", "donation refused", "MMIO fault", MmioRecycled]);
        foreach (var (shift, ia) in geometries.Distinct())
        {
            var geo = new SpecGeometry(shift, ia);
            foreach (var level in geo.LeafLevels)
            {
                keys.Add(ForGranule(shift, $"leaf written at L{level}"));
            }
        }
        return keys.Distinct();
    }

    /// <summary>The expected labels still at zero.</summary>
    public IEnumerable<string> Missing(IEnumerable<string> expected) => expected.Where(k => this[k] == 0);

    public void Refused(Command c) => RefusedByPrecondition++;

    /// <summary>A watcher counting what one execution's events did.</summary>
    public StepWatcher Watcher(World w, Execution x)
    {
        Add($"tests: {w.Layer.ToString().ToLowerInvariant()} {GranuleText.Format(w.Config.Granule)} ia {w.Config.IaBits}");
        return _counter = new EventCounter(this, w);
    }

    /// <summary>Counts the result of the command just run, and keeps it as the smallest example of the labels it reached.</summary>
    public void EndStep(World w, Command c, Errno result, Execution x)
    {
        _counter?.Flush();
        Add("commands");
        Hit(result == Errno.Ok ? null : ErrnoText.Name(result));
        var (total, errors) = _kinds.GetValueOrDefault(c.Kind.Name);
        _kinds[c.Kind.Name] = (total + 1, errors + (result is Errno.Ok or Errno.EAGAIN ? 0 : 1));
        switch (c)
        {
            case Fault f:
                Hit(result is Errno.Ok or Errno.EAGAIN ? "fault granted" : result == Errno.EEXIST ? "fault refused" : "fault failed");
                if (w is HostWorld h && !h.Model.IsMemory(f.Addr) && f.Addr < w.Geometry.Limit)
                {
                    Hit("MMIO fault");
                    if (w.Stats.AllocFailures > 0 && result is Errno.Ok or Errno.EAGAIN)
                    {
                        Hit(MmioRecycled);
                    }
                }
                break;
            case Donate when result is Errno.EPERM or Errno.EINVAL:
                Hit("donation refused");
                break;
        }
        foreach (var label in _stepLabels)
        {
            var length = x.Steps.Count + 1;
            if (!_examples.TryGetValue(label, out var best) || best.Commands.Length > length)
            {
                _examples[label] = (w.Config, [.. x.Steps.Select(s => s.Command), c]);
            }
        }
        _stepLabels.Clear();
    }

    public void AddFrom(Coverage other)
    {
        foreach (var (k, v) in other._counts)
        {
            Add(k, v);
        }
        foreach (var (k, v) in other._examples)
        {
            if (!_examples.TryGetValue(k, out var best) || best.Commands.Length > v.Commands.Length)
            {
                _examples[k] = v;
            }
        }
        foreach (var (k, (t, e)) in other._kinds)
        {
            var (t0, e0) = _kinds.GetValueOrDefault(k);
            _kinds[k] = (t0 + t, e0 + e);
        }
        RefusedByPrecondition += other.RefusedByPrecondition;
    }

    /// <summary>Counts <paramref name="label"/> once more and notes it for this step's examples.</summary>
    private void Hit(string? label)
    {
        if (label is null)
        {
            return;
        }
        Add(label);
        _stepLabels.Add(label);
    }

    /// <summary>
    /// Counts what the events of a world did. A step's events are counted in an array and handed to the
    /// coverage once, at the end of the step: labels are hit per written descriptor, thousands of times
    /// a step, and a dictionary update each time cost a tenth of a campaign.
    /// </summary>
    private sealed class EventCounter : StepWatcher
    {
        private const int BlockSplit = 4;
        private const int Concatenated = 5;
        private const int High = 6;
        private const int OwnerOne = 7;
        private const int OwnerZeroOverAnnotation = 8;
        private const int TableReplaced = 9;
        private const int TableFreed = 10;
        private const int RanDry = 11;

        private readonly Coverage _c;
        private readonly string[] _labels;
        private readonly long[] _counts;
        private readonly HashSet<ulong> _clearedLeaf = [];
        private readonly int _pageShift;

        public EventCounter(Coverage c, World w)
        {
            _c = c;
            var shift = w.Geometry.PageShift;
            _pageShift = shift;
            _labels =
            [
                .. Enumerable.Range(0, 4).Select(l => ForGranule(shift, $"leaf written at L{l}")),
                "block split", ForGranule(shift, ConcatenatedRoot), ForGranule(shift, HighOutput), "owner 1 annotation written",
                "owner 0 written over an annotation", "table replaced by block", "table freed", PoolRanDry,
            ];
            _counts = new long[_labels.Length];
        }

        public override void BeginStep(StepContext step) => _clearedLeaf.Clear();

        /// <summary>Hands the step's counts to the coverage.</summary>
        public void Flush()
        {
            for (var i = 0; i < _counts.Length; i++)
            {
                if (_counts[i] > 0)
                {
                    _c.Add(_labels[i], _counts[i]);
                    _c._stepLabels.Add(_labels[i]);
                    _counts[i] = 0;
                }
            }
        }

        public override void OnWrite(in WriteContext w)
        {
            if (w.Page is not { } page || page.IsHyp)
            {
                return;
            }
            if (page.RootIndex > 0)
            {
                _counts[Concatenated]++;
            }
            if (w.New.IsTable(w.Level))
            {
                if (_clearedLeaf.Contains(w.SlotPa) || (w.Old.Bits != 0 && !w.Old.IsTable(w.Level)))
                {
                    _counts[BlockSplit]++;
                }
                return;
            }
            // Only a block's slot can take a table later in the step: a page's (level 3) never can.
            if (w.New.Bits == 0 && w.Level < 3 && w.Old.IsValid && !w.Old.IsTable(w.Level))
            {
                _clearedLeaf.Add(w.SlotPa);
            }
            if (w.New.IsValid)
            {
                _counts[w.Level]++;
                if (w.New.OutputAddress(_pageShift) >= 1UL << 48)
                {
                    _counts[High]++;
                }
            }
            else if (w.New.Bits != 0)
            {
                if (w.New.OwnerField == 1)
                {
                    _counts[OwnerOne]++;
                }
                else
                {
                    _c.Hit($"owner {w.New.OwnerField} annotation written");
                }
            }
            else if (w.Old.IsAnnotation)
            {
                _counts[OwnerZeroOverAnnotation]++;
            }
        }

        public override void OnEvent(in Event e)
        {
            switch (e.Kind)
            {
                case EventKind.TlbiVmid:
                    _counts[TableReplaced]++;
                    break;
                case EventKind.Free:
                    _counts[TableFreed]++;
                    break;
                case EventKind.AllocFailed when e.New == 0:
                    _counts[RanDry]++;
                    break;
            }
        }

        public override Violation? EndStep() => null;
    }
}
