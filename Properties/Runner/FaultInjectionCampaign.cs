using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Harness.Properties.Trace;

namespace Harness.Properties.Runner;

/// <summary>
/// The fault-injection property as a campaign: FsCheck generates <see cref="InjectionCase"/>s from a
/// <see cref="ConfigSpace"/> (prefix length up to <see cref="RunOptions.MaxCommands"/>),
/// <see cref="AllocationPoints"/> fails each of the target's allocations in turn, and on the first broken
/// claim FsCheck shrinks the case. The seed fixes every case, as in <see cref="Campaign"/>.
/// </summary>
public static class FaultInjectionCampaign
{
    public static FaultInjectionResult Run(ConfigSpace space, RunOptions options, FailureStore? store = null)
    {
        var arb = Arb.From(InjectionCases.For(space), InjectionCases.Shrink);
        var coverage = new Coverage();
        var tests = 0;
        var shrinking = false;
        var prop = Prop.ForAll(arb, c =>
        {
            var failure = new AllocationPoints(options, shrinking ? null : coverage).Check(c);
            if (!shrinking)
            {
                tests++;
            }
            shrinking |= failure is not null;
            return failure is null;
        });
        var capture = new FailureCapture();
        var clock = Stopwatch.StartNew();
        Check.One(capture.ConfigFor(options), prop);
        clock.Stop();
        if (capture.Failed is not { } f)
        {
            return new FaultInjectionResult(space, options, tests, coverage, null, 0, 0, 0, clock.Elapsed);
        }
        var shrunk = (InjectionCase)f.Shrunk.Head;
        var failure = new AllocationPoints(options).Check(shrunk)
            ?? throw new InvalidOperationException($"the shrunk case passes when re-run: {shrunk}");
        var original = (InjectionCase)f.Original.Head;
        var result = new FaultInjectionResult(space, options, tests, coverage, failure, f.Tests, f.Shrinks, original.Prefix.Count, clock.Elapsed);
        if (store is null)
        {
            return result;
        }
        var (path, error) = store.Save(result);
        return result with { TracePath = path, SaveError = error };
    }
}
