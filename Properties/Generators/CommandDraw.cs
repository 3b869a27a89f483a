using Harness.Properties.Commands;

namespace Harness.Properties.Generators;

/// <summary>Draws one command of a kind from <paramref name="draw"/> (what <see cref="CommandKind.Generator"/> gives for a configuration).</summary>
public delegate Command CommandDraw(ref Draw draw);
