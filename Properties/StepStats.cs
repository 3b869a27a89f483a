using Harness.Implementation;

namespace Harness.Properties;

/// <summary>What the events of the current step said, counted as they pass: the facts postconditions and coverage read.</summary>
public sealed class StepStats
{
    public int AllocFailures { get; private set; }

    public int Writes { get; private set; }

    /// <summary>Writes of 0 over a non-zero descriptor.</summary>
    public int Clears { get; private set; }

    public void Reset() => AllocFailures = Writes = Clears = 0;

    public void CountWrite(in Event e)
    {
        Writes++;
        Clears += e.New == 0 && e.Old != 0 ? 1 : 0;
    }

    public void Count(in Event e)
    {
        if (e.Kind == EventKind.AllocFailed)
        {
            AllocFailures++;
        }
    }
}
