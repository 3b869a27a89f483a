using System.Diagnostics;

namespace Harness.Cli.Tests;

/// <summary>
/// Runs the built <c>harness</c> command line (copied next to the tests by the project reference) as a
/// child process in its own temporary working folder, so exit codes and the two output streams are the
/// ones a user sees, and saved failures land in that folder. <see cref="InProcess"/> runs it in this
/// process instead, for tests that need to choose the output writers.
/// </summary>
public sealed class CliRun : IDisposable
{
    public CliRun() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "harness-cli-" + Guid.NewGuid().ToString("N"));

    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The longest a command may run: far above any test's command, so only a hang reaches it.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var p = Start(args);
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        WaitForExit(p, args);
        return (p.ExitCode, output.Result.Replace("\r\n", "\n"), err.Result.Replace("\r\n", "\n"));
    }

    /// <summary>Runs <paramref name="args"/> and closes the reading end of its standard output at once, as a pipe into <c>head</c> does once it has its lines.</summary>
    public (int Exit, string Err) RunWithOutputClosed(params string[] args)
    {
        using var p = Start(args);
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.Close();
        WaitForExit(p, args);
        return (p.ExitCode, err.Result.Replace("\r\n", "\n"));
    }

    private Process Start(string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "harness.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        return Process.Start(start)!;
    }

    private static void WaitForExit(Process p, string[] args)
    {
        if (!p.WaitForExit(Timeout))
        {
            // A command that hangs (on a named pipe, say) fails its test instead of stalling the run.
            p.Kill(entireProcessTree: true);
            Assert.Fail($"harness {string.Join(" ", args)} did not finish within {Timeout.TotalSeconds} s");
        }
        p.WaitForExit();
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
