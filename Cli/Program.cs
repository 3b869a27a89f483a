using Harness.Properties;
using Harness.Properties.Report;
using Harness.Properties.Runner;

// Placeholder until the command line lands: one default campaign per layer.
var failed = false;
foreach (var config in new[] { HarnessConfig.Stage2Default, HarnessConfig.HostDefault })
{
    var result = Campaign.Run(config, new RunOptions(Seed: 42));
    Console.WriteLine($"{config}: {result.Tests} tests, {result.Commands} commands, {(result.Passed ? "no counterexample" : "FAILED")}");
    if (result.Counterexample is { } ce)
    {
        Console.WriteLine(CounterexampleReport.Format(ce));
        failed = true;
    }
}
return failed ? 1 : 0;
