using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Harness.Properties.Generators;
using Harness.Properties.Trace;

namespace Harness.Properties.Runner;

/// <summary>
/// The fault-injection property as a campaign: FsCheck generates <see cref="InjectionCase"/>s from the
/// layer's generators (prefix length up to <see cref="RunOptions.MaxCommands"/>), <see cref="AllocationPoints"/>
/// fails each of the target's allocations in turn, and on the first broken claim FsCheck shrinks the
/// case. The seed fixes every case, as in <see cref="Campaign"/>.
/// </summary>
public static class FaultInjectionCampaign
{
    /// <param name="config">The system under test.</param>
    /// <param name="options">Seed, number of cases and longest prefix.</param>
    /// <param name="store">Where to save the trace of a failure.</param>
    public static FaultInjectionResult Run(HarnessConfig config, RunOptions options, FailureStore? store = null)
    {
        _ = World.Create(config, out var error) ?? throw new ArgumentException(error, nameof(config));
        var cases = new InjectionCases(config);
        var arb = Arb.From(cases.Case, cases.Shrink);
        var coverage = new Coverage();
        var tests = 0;
        var shrinking = false;
        var prop = Prop.ForAll(arb, c =>
        {
            var failure = new AllocationPoints(config, shrinking ? null : coverage).Check(c);
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
            return new FaultInjectionResult(config, options, tests, coverage, null, 0, 0, 0, clock.Elapsed);
        }
        var shrunk = (InjectionCase)f.Shrunk.Head;
        var failure = new AllocationPoints(config).Check(shrunk)
            ?? throw new InvalidOperationException($"the shrunk case passes when re-run: {shrunk}");
        var original = (InjectionCase)f.Original.Head;
        var result = new FaultInjectionResult(config, options, tests, coverage, failure, f.Tests, f.Shrinks, original.Prefix.Count, clock.Elapsed);
        return store is null ? result : result with { TracePath = store.Save(result) };
    }
}
