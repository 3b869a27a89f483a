using Harness.Implementation;

namespace Harness.Properties;

/// <summary>What the events of the current step said, counted as they pass: the facts postconditions and coverage read.</summary>
public sealed class StepStats
{
    public int AllocFailures { get; private set; }

    public int InjectedFailures { get; private set; }

    /// <summary>Whether the last allocation failure of the step was injected by <c>fail_alloc</c> (not a pool running dry).</summary>
    public bool LastFailureInjected { get; private set; }

    public int Writes { get; private set; }

    public int Clears { get; private set; }

    public int TlbiVmids { get; private set; }

    public int TablesFreed { get; private set; }

    public int Allocations { get; private set; }

    public void Reset()
    {
        AllocFailures = InjectedFailures = Writes = Clears = TlbiVmids = TablesFreed = Allocations = 0;
        LastFailureInjected = false;
    }

    /// <summary>A descriptor write: counted on its own, as the most frequent event.</summary>
    public void CountWrite(in Event e)
    {
        Writes++;
        Clears += e.New == 0 && e.Old != 0 ? 1 : 0;
    }

    /// <summary>Any other event (a write goes to <see cref="CountWrite"/>).</summary>
    public void Count(in Event e)
    {
        switch (e.Kind)
        {
            case EventKind.AllocFailed:
                AllocFailures++;
                LastFailureInjected = e.New != 0;
                InjectedFailures += e.New != 0 ? 1 : 0;
                break;
            case EventKind.TlbiVmid:
                TlbiVmids++;
                break;
            case EventKind.Free:
                TablesFreed++;
                break;
            case EventKind.Alloc:
                Allocations++;
                break;
        }
    }
}
