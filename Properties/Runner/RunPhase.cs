namespace Harness.Properties.Runner;

/// <summary>The phases of a run a <see cref="PhaseClock"/> tells apart, in the order a command goes through them.</summary>
public enum RunPhase
{
    /// <summary>Building the world (the system, the model, the shadow and the watchers).</summary>
    World,

    /// <summary>What the model expects of the command, and the start of its step (checked runs only).</summary>
    Expectation,

    /// <summary>The command on the backend, with every event it logs followed by the oracle as it happens.</summary>
    Command,

    /// <summary>The command's postcondition, and the model brought in line with the result.</summary>
    Postcondition,

    /// <summary>Gathering what the step touched: the scope of its claims.</summary>
    Scope,

    /// <summary>Every claim over the step's scope.</summary>
    Claims,

    /// <summary>The sweeps: every so many commands, and at the end of the test.</summary>
    Sweeps,

    /// <summary>Disposing of the world.</summary>
    Disposal,
}
