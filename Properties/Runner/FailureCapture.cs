using FsCheck;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace Harness.Properties.Runner;

/// <summary>An FsCheck runner that keeps the verdict of a failed property (tests, shrinks, original and shrunk arguments) instead of printing it.</summary>
internal sealed class FailureCapture : IRunner
{
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
