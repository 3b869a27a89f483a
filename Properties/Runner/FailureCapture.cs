using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace Harness.Properties.Runner;

/// <summary>An FsCheck runner that keeps the verdict of a failed property (tests, shrinks, original and shrunk arguments) instead of printing it.</summary>
internal sealed class FailureCapture : IRunner
{
    /// <summary>FsCheck's configuration for a run of <paramref name="options"/> reporting to this runner: the seed fixes every generated value.</summary>
    public Config ConfigFor(RunOptions options) => Config.Quick
        .WithMaxTest(options.MaxTests)
        .WithEndSize(options.MaxCommands)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(options.Seed), FSharpOption<int>.None)))
        .WithRunner(this);

    public (int Tests, int Shrinks, FSharpList<object> Original, FSharpList<object> Shrunk)? Failed { get; private set; }

    public void OnStartFixture(Type t)
    {
    }

    public void OnArguments(int ntest, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every)
    {
    }

    public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink)
    {
    }

    public void OnFinished(string name, TestResult result)
    {
        if (result is TestResult.Failed failed)
        {
            Failed = (failed.Item1.NumberOfTests, failed.Item1.NumberOfShrinks, failed.Item2, failed.Item3);
        }
    }
}
