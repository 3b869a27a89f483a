using FsCheck;
using FsCheck.Fluent;
using Harness.Properties.Commands;
using Harness.Properties.Runner;

namespace Harness.Properties.Tests.Generation;

/// <summary>
/// Swarm testing as the generators draw it: each test keeps a subset of its layer's kinds, every kind is
/// kept by most tests and left out by some, and a test's commands come only from the kinds it kept.
/// </summary>
public sealed class SwarmKindsTests
{
    [Theory]
    [InlineData(Layer.Stage2)]
    [InlineData(Layer.Host)]
    public void EachTest_DrawsOnlyItsKinds_AndEveryKindIsSometimesLeftOut(Layer layer)
    {
        var tests = Gen.Sample(TestCases.For(ConfigSpace.Swarm(layer)), 400, new Rnd(3UL), 40);
        var catalogue = CommandCatalogue.Of(layer).ToArray();
        foreach (var t in tests)
        {
            Assert.NotEmpty(t.Kinds);
            Assert.All(t.Commands, c => Assert.Contains(c.Kind, t.Kinds));
        }
        foreach (var kind in catalogue)
        {
            var keeping = tests.Count(t => t.Kinds.Contains(kind));
            // Kept with probability 3/4 (a little more: a test that keeps none keeps all).
            Assert.InRange(keeping, 270, 340);
            Assert.Contains(tests, t => t.Commands.Any(c => c.Kind == kind));
        }
    }

    // Outside a swarm (a fixed configuration) every test has every kind of its layer.
    [Fact]
    public void FixedConfiguration_KeepsEveryKind()
    {
        var tests = Gen.Sample(TestCases.For(ConfigSpace.Of(HarnessConfig.HostDefault)), 50, new Rnd(3UL), 40);
        Assert.All(tests, t => Assert.Equal(CommandCatalogue.Of(Layer.Host), t.Kinds));
    }
}
