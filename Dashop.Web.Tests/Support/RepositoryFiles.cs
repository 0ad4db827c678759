using System.Diagnostics;

namespace Dashop.Web.Tests.Support;

/// <summary>The repository the tests were built from: its root and the files git tracks.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static IReadOnlyList<string> Tracked()
    {
        using var git = Process.Start(new ProcessStartInfo("git", "ls-files -z")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
        })!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.That(git.ExitCode, Is.EqualTo(0), "git ls-files failed");
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dashop.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Dashop.sln not found above the test binaries.");
    }
}
