namespace Harness.Cli.Tests;

/// <summary><c>--help</c> on every command, and <c>harness help [COMMAND]</c>.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class HelpTests
{
    /// <summary>Every command by name; "" for the command line itself.</summary>
    public static TheoryData<string> Commands => ["", "campaign", "replay", "trace", "bugs", "faults", "diff", "soak", "bench", "help"];

    private static string[] Named(string command) => command == "" ? [] : [command];

    // System.CommandLine prints each default as '[default: ...]': a description that gives it too says it twice.
    [Theory]
    [MemberData(nameof(Commands))]
    public void EachDefault_PrintedOnce(string command)
    {
        var (exit, output, err) = InProcess.Run([.. Named(command), "--help"]);
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.Contains("Usage:", output);
        Assert.DoesNotContain("(default", output);
        Assert.All(output.Split('\n'), line => Assert.True(line.Split("default").Length <= 2, line));
    }

    // 'help' and 'help COMMAND' print exactly what '--help' prints.
    [Theory]
    [MemberData(nameof(Commands))]
    public void HelpCommand_SameAsHelpOption(string command)
    {
        var (exit, output, err) = InProcess.Run(["help", .. Named(command)]);
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.Equal(InProcess.Run([.. Named(command), "--help"]).Out, output);
    }

    [Fact]
    public void HelpUnknownCommand_OneLineError_Exit2()
    {
        var (exit, output, err) = InProcess.Run("help", "nope");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal("error: unknown command 'nope'; use one of campaign, replay, trace, bugs, faults, diff, soak, bench, help\n", err);
    }
}
