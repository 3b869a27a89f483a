using System.CommandLine;
using Harness.Properties.Backends;

namespace Harness.Cli;

/// <summary>
/// The backend options of the commands that run a trace or a campaign: <c>--backend port|kernel</c>, the
/// kernel tree (<c>--kernel-tree</c>, or <c>HARNESS_KERNEL_TREE</c>) and <c>--stock</c> (the tree built
/// without the profile's three fixes).
/// </summary>
internal sealed class BackendOptions
{
    private readonly Option<string> _backend = new Option<string>("--backend") { Description = "What runs the commands: the C# port, or the kernel's own v5.13 files built from a tree with gcc.", DefaultValueFactory = _ => "port" }
        .AcceptOnlyFromAmong("port", "kernel");

    private readonly Option<string?> _tree = Tree();

    private readonly Option<bool> _stock = Stock();

    /// <summary><c>--kernel-tree</c>, also for the commands that always use the kernel backend (diff, bench).</summary>
    public static Option<string?> Tree() => new("--kernel-tree") { Description = "The Linux v5.13 tree the kernel backend builds; when not given, HARNESS_KERNEL_TREE, else ../shared/kernel/linux-v5.13 beside the repository." };

    /// <summary><c>--stock</c>, also for <c>diff</c>.</summary>
    public static Option<bool> Stock() => new("--stock") { Description = "Build the kernel tree as it is, without the three fixes of profile v5.13." };

    public void AddTo(Command command)
    {
        command.Options.Add(_backend);
        command.Options.Add(_tree);
        command.Options.Add(_stock);
    }

    /// <summary>The choice the options make, or a one-line reason they do not fit together.</summary>
    public BackendChoice? Parse(ParseResult p, out string? error)
    {
        error = null;
        var kernel = p.GetValue(_backend) == "kernel";
        var tree = p.GetValue(_tree);
        var stock = p.GetValue(_stock);
        if (!kernel && (tree is not null || stock))
        {
            error = "--kernel-tree and --stock are options of the kernel backend: add --backend kernel";
            return null;
        }
        return kernel ? new BackendChoice(BackendKind.Kernel, tree, stock) : BackendChoice.Port;
    }
}
