namespace Harness.Cli.Tests.Fuzz;

/// <summary>One way of replaying a trace: its options and the exit statuses it may end with.</summary>
public sealed record ReplayMode(string Name, string[] Options, int[] Exits)
{
    /// <summary><c>replay FILE</c>: the replay output; 0 or, for a malformed trace, 2.</summary>
    public static readonly ReplayMode Plain = new("plain", [], [0, 2]);

    /// <summary><c>replay FILE --dump --log</c>: every event and the table after every command; 0 or 2.</summary>
    public static readonly ReplayMode DumpLog = new("--dump --log", ["--dump", "--log"], [0, 2]);

    /// <summary><c>replay FILE --check</c>: the model and every invariant; 1 too, when a claim breaks (a trace's <c># bug:</c> comment may switch bugs on).</summary>
    public static readonly ReplayMode Check = new("--check", ["--check"], [0, 1, 2]);

    public static readonly IReadOnlyList<ReplayMode> All = [Plain, DumpLog, Check];

    public override string ToString() => Name;
}
