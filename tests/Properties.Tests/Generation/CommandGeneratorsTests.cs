using Harness.Implementation;
using Harness.Properties.Commands;
using Harness.Properties.Generators;

namespace Harness.Properties.Tests.Generation;

/// <summary>
/// The cache of command generators shares one only between configurations its generators cannot tell
/// apart (same layer, granule, IPA size and kinds, no memory layout), and never a host's, whose memory
/// layout the generators read.
/// </summary>
public sealed class CommandGeneratorsTests
{
    private static readonly IReadOnlyList<CommandKind> Stage2Kinds = [.. CommandCatalogue.Of(Layer.Stage2)];

    [Fact]
    public void Stage2_SharedAcrossPoolAndFixes()
    {
        var a = HarnessConfig.Stage2Default;
        var b = a with { PoolPages = 3, Fixes = Fix.PoolMaxOrder };
        Assert.Same(CommandGenerators.For(a, Stage2Kinds), CommandGenerators.For(b, Stage2Kinds));
    }

    [Fact]
    public void Stage2_NotSharedAcrossGeometryOrKinds()
    {
        var a = HarnessConfig.Stage2Default;
        var gen = CommandGenerators.For(a, Stage2Kinds);
        Assert.NotSame(gen, CommandGenerators.For(a with { IaBits = 36 }, Stage2Kinds));
        Assert.NotSame(gen, CommandGenerators.For(a with { Granule = Granule.Size16K }, Stage2Kinds));
        Assert.NotSame(gen, CommandGenerators.For(a, [.. Stage2Kinds.Skip(1)]));
        Assert.NotSame(gen, CommandGenerators.For(a with { Layer = Layer.Host }, Stage2Kinds));
    }

    [Fact]
    public void Host_BuiltForItsOwnLayout()
    {
        var a = HarnessConfig.HostDefault;
        IReadOnlyList<CommandKind> kinds = [.. CommandCatalogue.Of(Layer.Host)];
        Assert.NotSame(CommandGenerators.For(a, kinds), CommandGenerators.For(a, kinds));
    }
}
