using System.Text.RegularExpressions;

namespace Harness.Cli.Tests;

/// <summary>
/// Finds what a documentation page points at that a fresh clone does not hold: a relative Markdown link,
/// or a backticked repository path (a code-span word whose first folder is one of the repository's own
/// top-level folders), that leaves the repository or names no file or folder; an absolute path; and any
/// mention of the machine's <c>/work/</c> folders or a <c>../shared</c> folder beside the clone.
/// </summary>
/// <remarks>
/// Fenced code blocks are skipped for links and paths (they hold commands and program output) but not
/// for the forbidden mentions. In a backticked path, a word with a placeholder (<c>&lt;name&gt;</c>,
/// <c>*</c>) stands for files of the folder before it, so only that folder must exist; a path through a
/// git-ignored folder (<c>.harness/</c>, <c>bin/</c>, <c>StrykerOutput/</c>, ...) names generated
/// output, not a file the repository holds, and is not checked. Words whose first folder is not the
/// repository's (kernel paths such as <c>arch/arm64/...</c>, GitHub names) are not repository paths.
/// </remarks>
public static partial class DocLinks
{
    /// <summary>The pages checked: README.md, CONTRIBUTING.md and docs/*.md, relative to <paramref name="root"/>, '/'-separated.</summary>
    public static IEnumerable<string> Pages(string root) =>
        new[] { "README.md", "CONTRIBUTING.md" }
            .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Select(p => "docs/" + Path.GetFileName(p)).Order(StringComparer.Ordinal));

    /// <summary>Every problem of <paramref name="text"/>, the page <paramref name="page"/> (relative to <paramref name="root"/>), as <c>page:line: what</c>.</summary>
    public static List<string> Problems(string root, string page, string text)
    {
        root = Path.GetFullPath(root);
        var problems = new List<string>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var bad in (string[])["../shared", "/work/"])
            {
                if (lines[i].Contains(bad, StringComparison.Ordinal))
                {
                    problems.Add($"{page}:{i + 1}: mentions '{bad}', which a fresh clone does not have");
                }
            }
        }

        // Blank out fenced blocks, keeping the line count so positions still give line numbers.
        var fenced = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var isFence = lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal);
            if (fenced || isFence)
            {
                lines[i] = "";
            }
            fenced ^= isFence;
        }
        var prose = string.Join('\n', lines);
        var ignored = IgnoredNames(root);
        var topFolders = Directory.GetDirectories(root).Select(d => Path.GetFileName(d)!).Where(n => n != ".git" && !ignored.Contains(n)).ToHashSet(StringComparer.Ordinal);
        var pageFolder = Path.GetDirectoryName(Path.Combine(root, page))!;

        foreach (Match span in CodeSpan().Matches(prose))
        {
            foreach (var raw in span.Groups[2].Value.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
            {
                var word = Trailer().Replace(raw.Trim('(', ')', '"', '\'', ',', ';'), "");
                if (RepoPathProblem(root, topFolders, ignored, word) is { } why)
                {
                    problems.Add($"{page}:{LineOf(prose, span.Index)}: `{word}` {why}");
                }
            }
        }

        var withoutSpans = CodeSpan().Replace(prose, m => new string(' ', m.Length - m.Value.Count(c => c == '\n')) + new string('\n', m.Value.Count(c => c == '\n')));
        foreach (var m in InlineLink().Matches(withoutSpans).Concat(ReferenceLink().Matches(withoutSpans)))
        {
            if (LinkProblem(root, pageFolder, m.Groups["t"].Value) is { } why)
            {
                problems.Add($"{page}:{LineOf(withoutSpans, m.Index)}: link ({m.Groups["t"].Value}) {why}");
            }
        }
        return problems;
    }

    private static string? LinkProblem(string root, string pageFolder, string target)
    {
        if (Scheme().IsMatch(target) || target.StartsWith('#'))
        {
            return null;
        }
        var path = Uri.UnescapeDataString(target.Split('#', '?')[0]);
        if (path.StartsWith('/'))
        {
            return "is an absolute path, outside the repository";
        }
        return Resolve(root, Path.Combine(pageFolder, path));
    }

    private static string? RepoPathProblem(string root, HashSet<string> topFolders, HashSet<string> ignored, string word)
    {
        if (word.Contains("://", StringComparison.Ordinal))
        {
            return null;
        }
        if (word == ".." || word.StartsWith("../", StringComparison.Ordinal) || AbsolutePath().IsMatch(word))
        {
            return "points outside the repository";
        }
        var segments = word.Split('/');
        if (segments.Length < 2 || !topFolders.Contains(segments[0]))
        {
            return null;
        }
        var kept = segments.TakeWhile(s => s.IndexOfAny(['<', '>', '*', '[', '{', '$']) < 0).ToArray();
        if (kept.Any(ignored.Contains))
        {
            return null;
        }
        return Resolve(root, Path.Combine([root, .. kept]));
    }

    private static string? Resolve(string root, string path)
    {
        var full = Path.GetFullPath(path);
        if (full != root && !full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return "points outside the repository";
        }
        return File.Exists(full) || Directory.Exists(full) ? null : "names a file or folder the repository does not hold";
    }

    /// <summary>Plain names and folders of the root .gitignore (no wildcard patterns): generated output.</summary>
    private static HashSet<string> IgnoredNames(string root)
    {
        var file = Path.Combine(root, ".gitignore");
        var lines = File.Exists(file) ? File.ReadAllLines(file) : [];
        return lines.Select(l => l.Trim().TrimEnd('/')).Where(l => l.Length > 0 && !l.StartsWith('#') && l.IndexOfAny(['*', '?', '[', '!', '/']) < 0).ToHashSet(StringComparer.Ordinal);
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    [GeneratedRegex(@"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", RegexOptions.Singleline)]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\]\(\s*<?(?<t>[^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^ {0,3}\[[^\]]+\]:\s*<?(?<t>[^\s>]+)>?", RegexOptions.Multiline)]
    private static partial Regex ReferenceLink();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^/[A-Za-z0-9._-]+/")]
    private static partial Regex AbsolutePath();

    /// <summary>A <c>file:line</c> suffix, as in <c>Stage2Map.cs:205</c>.</summary>
    [GeneratedRegex(@":\d+$")]
    private static partial Regex Trailer();
}
