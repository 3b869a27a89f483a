using FsCheck;
using Harness.Properties.Commands;

namespace Harness.Properties.Generators;

/// <summary>The command generator of a configuration's layer, for the campaign and for <c>harness trace</c> alike.</summary>
public static class CommandGenerator
{
    public static Gen<Command> For(HarnessConfig config) => config.Layer == Layer.Stage2
        ? new Stage2Generators(config.Geometry).Command
        : new HostGenerators(config.Geometry, config.Memory).Command;
}
