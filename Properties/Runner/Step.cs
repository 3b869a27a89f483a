using Harness.Implementation;
using Harness.Properties.Commands;

namespace Harness.Properties.Runner;

/// <summary>One executed command and its result.</summary>
public readonly record struct Step(Command Command, Errno Result);
