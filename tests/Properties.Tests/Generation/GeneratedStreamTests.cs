using FsCheck;
using FsCheck.Fluent;
using Harness.Properties.Runner;
using Harness.Properties.Tests.Approval;

namespace Harness.Properties.Tests.Generation;

/// <summary>
/// The test cases a seed gives, pinned: a saved seed must keep reproducing the same tests, so a change
/// that makes generation cheaper (building generators once, caching them) must draw exactly what it drew
/// before. A deliberate change of the generators is re-approved here, and says so.
/// </summary>
public sealed class GeneratedStreamTests
{
    [Theory]
    [InlineData("stage2-swarm")]
    [InlineData("host-swarm")]
    [InlineData("stage2-default")]
    [InlineData("host-default")]
    public void Seed_GivesTheApprovedTests(string space)
    {
        var configSpace = space switch
        {
            "stage2-swarm" => ConfigSpace.Swarm(Layer.Stage2),
            "host-swarm" => ConfigSpace.Swarm(Layer.Host),
            "stage2-default" => ConfigSpace.Of(HarnessConfig.Stage2Default),
            _ => ConfigSpace.Of(HarnessConfig.HostDefault),
        };
        var tests = Gen.Sample(TestCases.For(configSpace), 30, new Rnd(7UL), 25);
        Approver.Verify($"GeneratedStreamTests.{space}", string.Join('\n', tests.Select(t => t.ToString())) + "\n");
    }
}
