namespace Harness.Cli.Tests.Fuzz;

/// <summary>One mutation applied to a trace: its kind and, for a person reading a failure, where and what.</summary>
public sealed record Mutation(MutationKind Kind, string What)
{
    public override string ToString() => $"{Kind}: {What}";
}
