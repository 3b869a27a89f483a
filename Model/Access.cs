namespace Harness.Model;

/// <summary>What a mapping allows (spec 5.2): read, write, execute, and device memory.</summary>
[Flags]
public enum Access
{
    None = 0,
    X = 1,
    W = 2,
    R = 4,
    Device = 8,
}
