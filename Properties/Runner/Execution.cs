using Harness.Implementation;
using Harness.Properties.Commands;
using Harness.Properties.Invariants;

namespace Harness.Properties.Runner;

/// <summary>
/// Runs one command sequence against a fresh world: after every command, its postcondition and then
/// every invariant of the catalogue; stops at the first violation.
/// </summary>
public sealed class Execution
{
    private Execution(World world) => World = world;

    public World World { get; }

    public List<Step> Steps { get; } = [];

    /// <summary>The first broken claim, or null when every step passed.</summary>
    public Violation? Violation { get; private set; }

    /// <summary>The 0-based index in <see cref="Steps"/> of the command after which <see cref="Violation"/> was found.</summary>
    public int FailedAt => Violation is null ? -1 : Steps.Count - 1;

    public static Execution Run(HarnessConfig config, IReadOnlyList<Command> commands, Coverage? coverage = null, IReadOnlyList<IInvariant>? invariants = null)
    {
        var world = World.Create(config, out var error) ?? throw new ArgumentException(error, nameof(config));
        var x = new Execution(world);
        invariants ??= Catalogue.All;
        foreach (var c in commands)
        {
            if (!c.Pre(world))
            {
                continue;
            }
            world.BeginStep();
            try
            {
                var expectation = c.Step(world);
                var result = c.Run(world);
                x.Steps.Add(new Step(c, result));
                x.Violation = c.Post(world, expectation, result) ?? FirstBroken(world, invariants);
                coverage?.Record(world, c, result);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // An exception is a bug in Harness or in the Implementation's handling of bad input;
                // report it like any broken claim so that it shrinks.
                x.Steps.Add(new Step(c, Errno.Ok));
                x.Violation = new Violation("no exception", $"{c} threw {ex.GetType().Name}: {ex.Message}");
            }
            if (x.Violation is not null)
            {
                break;
            }
        }
        return x;
    }

    private static Violation? FirstBroken(World w, IReadOnlyList<IInvariant> invariants)
    {
        foreach (var inv in invariants)
        {
            if (inv.AppliesTo(w) && inv.Check(w) is { } v)
            {
                return v;
            }
        }
        return null;
    }
}
