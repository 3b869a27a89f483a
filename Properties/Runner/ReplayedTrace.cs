namespace Harness.Properties.Runner;

/// <summary>A saved or regression trace a campaign replayed before generating: where it came from and what broke, if anything.</summary>
public sealed record ReplayedTrace(string Path, Violation? Violation)
{
    public bool Passed => Violation is null;
}
