using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Xunit.Sdk;

namespace Harness.Properties.Tests.Approval;

/// <summary>
/// Approval (golden-file) checks named as Verify names them: <c>&lt;Name&gt;.verified.txt</c> next to the
/// calling test's source holds the approved text; on a mismatch the actual text goes to
/// <c>&lt;Name&gt;.received.txt</c> (git-ignored) and the test fails with a line diff. A missing verified
/// file fails; locally it is first created from the received text for review, under <c>CI=true</c> never.
/// </summary>
public static class Approver
{
    /// <summary>Lines of context kept around each change in the diff.</summary>
    private const int Context = 2;

    public static void Verify(string name, string received, [CallerFilePath] string callerFile = "")
    {
        var folder = Path.GetDirectoryName(callerFile)!;
        VerifyIn(folder, name, received);
    }

    /// <summary>As <see cref="Verify(string, string, string)"/>, with the files in <paramref name="folder"/>.</summary>
    public static void VerifyIn(string folder, string name, string received) =>
        VerifyFile(Path.Combine(folder, name + ".verified.txt"), received);

    /// <summary>
    /// Approval of a file that is used as it is elsewhere (a regression trace): <paramref name="verifiedPath"/>
    /// holds the approved text, and a mismatch goes to <c>&lt;verifiedPath without .verified.txt&gt;.received.txt</c>.
    /// </summary>
    public static void VerifyFile(string verifiedPath, string received)
    {
        received = received.Replace("\r\n", "\n");
        const string suffix = ".verified.txt";
        var stem = verifiedPath.EndsWith(suffix, StringComparison.Ordinal) ? verifiedPath[..^suffix.Length] : verifiedPath;
        var receivedPath = stem + ".received.txt";
        var name = Path.GetFileName(stem);
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!File.Exists(verifiedPath))
        {
            if (ci)
            {
                throw new XunitException($"{verifiedPath} is missing (CI=true: not created); run the test locally, review the file and commit it.");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(verifiedPath)!);
            File.WriteAllText(verifiedPath, received);
            throw new XunitException($"{verifiedPath} was missing and has been created from this run; review it against the spec, commit it, and re-run.");
        }
        var verified = File.ReadAllText(verifiedPath).Replace("\r\n", "\n");
        if (verified == received)
        {
            if (File.Exists(receivedPath))
            {
                File.Delete(receivedPath);
            }
            return;
        }
        File.WriteAllText(receivedPath, received);
        throw new XunitException($"{name}: received text differs from {verifiedPath} (- verified, + received); if the change is right, copy {receivedPath} over it.\n{Diff(verified, received)}");
    }

    /// <summary>A line diff of the two texts, keeping <see cref="Context"/> unchanged lines around each change.</summary>
    public static string Diff(string verified, string received)
    {
        var lines = InlineDiffBuilder.Diff(verified, received, ignoreWhiteSpace: false).Lines;
        var keep = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type is ChangeType.Inserted or ChangeType.Deleted)
            {
                for (var j = Math.Max(0, i - Context); j <= Math.Min(lines.Count - 1, i + Context); j++)
                {
                    keep[j] = true;
                }
            }
        }
        var sb = new StringBuilder();
        var skipped = false;
        for (var i = 0; i < lines.Count; i++)
        {
            if (!keep[i])
            {
                skipped = true;
                continue;
            }
            if (skipped)
            {
                sb.Append("  ...\n");
                skipped = false;
            }
            sb.Append(lines[i].Type switch { ChangeType.Inserted => "+ ", ChangeType.Deleted => "- ", _ => "  " }).Append(lines[i].Text).Append('\n');
        }
        return sb.ToString();
    }
}
