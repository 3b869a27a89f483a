using Harness.Model;
using Harness.Properties.Commands;

namespace Harness.Properties.Invariants;

/// <summary>What a watcher knows of the step it follows: the command, and where spec 8.16 lets it write.</summary>
public sealed record StepContext(Command Command, PageRange[] AllowedWrites);
