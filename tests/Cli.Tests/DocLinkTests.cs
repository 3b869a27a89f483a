namespace Harness.Cli.Tests;

/// <summary>README.md, CONTRIBUTING.md and docs/*.md point only at files the repository holds.</summary>
public sealed class DocLinkTests
{
    public static TheoryData<string> Pages => [.. DocLinks.Pages(RepoPaths.Root)];

    // Every relative link and backticked repository path of the page exists inside the repository; no
    // page names the machine's /work/ folders or a ../shared folder beside the clone.
    [Theory]
    [MemberData(nameof(Pages))]
    public void Page_PointsOnlyAtFilesTheRepositoryHolds(string page)
    {
        var problems = DocLinks.Problems(RepoPaths.Root, page, File.ReadAllText(Path.Combine(RepoPaths.Root, page)));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    // The pages the issue named are among those checked, so the theory above cannot pass by checking nothing.
    [Fact]
    public void Pages_IncludeReadmeContributingAndTheFormatAndSpecPages()
    {
        var pages = DocLinks.Pages(RepoPaths.Root).ToList();
        Assert.Subset(pages.ToHashSet(), new HashSet<string> { "README.md", "CONTRIBUTING.md", "docs/spec.md", "docs/trace-format.md", "docs/trace-notes.md" });
    }

    // The checker itself: each kind of bad reference is reported on its line; good ones, placeholders,
    // generated output, kernel paths and fenced blocks are not.
    [Fact]
    public void Problems_ReportsEachBadReference_AndNothingElse()
    {
        const string text =
            "See [the spec](spec.md), [format](trace-format.md#2-replay-output), [web](https://example.org/x) and [top](#notes).\n" +
            "Read [old](../shared/spec/stage2-ownership.md).\n" +
            "The notes were at `/work/shared/spec/trace-format.md`.\n" +
            "A [missing page](nope.md) and a `docs/nope.md` path.\n" +
            "Out of the clone: [up](../../x.md) and `../x/y.md`, `/home/u/x.md`.\n" +
            "Fine: `Properties/Trace/`, `tests/regressions/bug-<name>.trace`, `tests/regressions/*.trace`, `.harness/failures/x.trace`,\n" +
            "`arch/arm64/kvm/hyp/pgtable.c`, `Implementation/Bug.cs:12`, `dotnet test --project tests/Cli.Tests`, `// spec 5.4`.\n" +
            "```\n[in a fence](nowhere.md) `docs/nowhere.md`\n```\n";
        var problems = DocLinks.Problems(RepoPaths.Root, "docs/example.md", text);
        Assert.Equal(
            [
                "docs/example.md:2: mentions '../shared', which a fresh clone does not have",
                "docs/example.md:3: mentions '/work/', which a fresh clone does not have",
                "docs/example.md:3: `/work/shared/spec/trace-format.md` points outside the repository",
                "docs/example.md:4: `docs/nope.md` names a file or folder the repository does not hold",
                "docs/example.md:5: `../x/y.md` points outside the repository",
                "docs/example.md:5: `/home/u/x.md` points outside the repository",
                "docs/example.md:2: link (../shared/spec/stage2-ownership.md) names a file or folder the repository does not hold",
                "docs/example.md:4: link (nope.md) names a file or folder the repository does not hold",
                "docs/example.md:5: link (../../x.md) points outside the repository",
            ],
            problems);
    }
}
