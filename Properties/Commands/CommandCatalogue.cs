namespace Harness.Properties.Commands;

/// <summary>Every command kind, in the order the trace format lists them. Adding a command: one file, one line here.</summary>
public static class CommandCatalogue
{
    public static IReadOnlyList<CommandKind> All { get; } =
    [
        Map.Entry,
        Unmap.Entry,
        SetOwner.Entry,
        Fault.Entry,
        Donate.Entry,
        FailAlloc.Entry,
        GetLeaf.Entry,
    ];

    /// <summary>The kind named <paramref name="name"/> in traces, or null.</summary>
    public static CommandKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>The kinds of <paramref name="layer"/> (those of both layers included).</summary>
    public static IEnumerable<CommandKind> Of(Layer layer) => All.Where(k => k.Layer is null || k.Layer == layer);
}
