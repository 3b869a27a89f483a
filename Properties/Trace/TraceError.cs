namespace Harness.Properties.Trace;

/// <summary>Why a trace is malformed: the 1-based line and a sentence; printed as <c>line L: WHY</c>.</summary>
public sealed record TraceError(int Line, string Why)
{
    public override string ToString() => $"line {Line}: {Why}";
}
