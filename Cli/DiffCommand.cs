using System.CommandLine;
using Harness.Properties.Backends;
using Harness.Properties.Runner;
using Harness.Properties.Text;
using Harness.Properties.Trace;

namespace Harness.Cli;

/// <summary>
/// <c>diff [FILE...] [--generate N]</c>: replays each trace on the port and on the kernel backend with
/// <c>--dump --log</c> and prints, per trace, "same" or the first differing line of each side; then
/// <c>N traces, N differ</c>. Generated traces that differ are saved, so that each difference can be
/// replayed and kept. Exit 1 when any trace differs.
/// </summary>
internal static class DiffCommand
{
    /// <summary>Where generated traces that differ are written.</summary>
    private static readonly string DiffFolder = Path.Combine(".harness", "diffs");

    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "Trace files to compare.", Arity = ArgumentArity.ZeroOrMore };
        var generate = new Option<int>("--generate") { Description = "Also compare this many generated traces: both layers, every granule and IPA size, any fix items." };
        var seed = CliOptions.Seed(1);
        var size = new Option<int>("--size") { Description = "Most commands in a generated trace.", DefaultValueFactory = _ => 60 };
        var tree = BackendOptions.Tree();
        var stock = BackendOptions.Stock();
        var command = new Command("diff", "Replay traces on the port and on the kernel's own code and compare the outputs line by line.") { files, generate, seed, size, tree, stock };
        command.SetAction(p => Run(p.GetValue(files) ?? [], p.GetValue(generate), p.GetValue(seed), p.GetValue(size), new BackendChoice(BackendKind.Kernel, p.GetValue(tree), p.GetValue(stock))));
        return command;
    }

    private static int Run(string[] files, int generate, ulong seed, int size, BackendChoice kernel)
    {
        if (files.Length == 0 && generate == 0)
        {
            return CliError.Report("name trace files to compare, or --generate N");
        }
        if (generate < 0 || size < 1)
        {
            return CliError.Report("--generate must be 0 or more and --size at least 1");
        }
        if (CliOptions.SizeTooLarge(size) is { } tooLarge)
        {
            return CliError.Report(tooLarge);
        }
        // Every file is checked before anything runs, so that a typo is reported at once.
        var configs = new List<Properties.HarnessConfig>();
        foreach (var file in files)
        {
            using var reader = InputFile.Open(file, out var why);
            if (reader is null)
            {
                return CliError.Report($"cannot read trace file {Printable.Quote(file)}: {why}");
            }
            if (TraceParser.Validate(reader, out var config, out _) is { } error)
            {
                return CliError.Report($"{Printable.Line(file)}: {error}");
            }
            configs.Add(config!);
        }
        var (traces, differ) = (0, 0);
        for (var i = 0; i < files.Length; i++)
        {
            var file = files[i];
            var d = TraceDiff.Compare(configs[i], () => Commands(file), BackendChoice.Port, kernel);
            if (d?.Error is { } cannot)
            {
                return CliError.Report(cannot);
            }
            traces++;
            differ += Print(Printable.Line(file), d) ? 1 : 0;
        }
        var n = 0;
        foreach (var trace in TraceDiff.Generate(generate, seed, size))
        {
            n++;
            var d = TraceDiff.Compare(trace, BackendChoice.Port, kernel);
            if (d?.Error is { } cannot)
            {
                return CliError.Report(cannot);
            }
            traces++;
            if (d is null)
            {
                continue;
            }
            differ++;
            var name = $"generated {n} (seed {seed}, {trace.Config})";
            Print(name, d);
            Console.WriteLine($"  saved as {Save(trace, seed, n)}");
        }
        if (generate > 0)
        {
            Console.WriteLine($"{generate} generated trace(s) compared (seed {seed}, up to {size} commands)");
        }
        Console.WriteLine($"{traces} traces, {differ} differ");
        return differ > 0 ? 1 : 0;
    }

    /// <summary>The commands of a file already validated, read again from disk.</summary>
    private static IEnumerable<Properties.Commands.Command> Commands(string file)
    {
        using var reader = InputFile.Open(file, out var why) ?? throw new InputFailedException(file, why!, new IOException(why));
        foreach (var c in TraceParser.Read(reader))
        {
            yield return c;
        }
    }

    /// <summary>Prints the verdict on one trace; true when it differs.</summary>
    private static bool Print(string name, TraceDiff.Difference? d)
    {
        if (d is null)
        {
            Console.WriteLine($"{name}: same");
            return false;
        }
        Console.WriteLine($"{name}: differs at line {d.Line}");
        Console.WriteLine($"  port:   {(d.Left is { } l ? Printable.Line(l) : "(ended)")}");
        Console.WriteLine($"  kernel: {(d.Right is { } r ? Printable.Line(r) : "(ended)")}");
        return true;
    }

    private static string Save(TraceFile trace, ulong seed, int n)
    {
        var path = Path.Combine(DiffFolder, $"diff-seed{seed}-{n}.trace");
        try
        {
            Directory.CreateDirectory(DiffFolder);
            File.WriteAllText(path, TraceWriter.Write(trace, [$"differs between the port and the kernel backend: diff --generate, seed {seed}, trace {n}"]));
            return path;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"(not saved: {Printable.Line(ex.Message)})";
        }
    }
}
