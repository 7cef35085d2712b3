using Paralarva.Tests.Deployment;

namespace Paralarva.Tests.Prometheus;

/// <summary>
/// The distribution's <c>prometheus</c> and <c>promtool</c> (Debian package <c>prometheus</c>), and the
/// repository's <c>prometheus/</c> folder. A missing tool fails the test with the command that installs it.
/// </summary>
internal static class PrometheusTools
{
    public static string Promtool => Find("promtool");

    public static string Server => Find("prometheus");

    /// <summary>The repository's <c>prometheus/</c> folder.</summary>
    public static string Folder => RepositoryPaths.Of("prometheus");

    /// <summary>Repository-relative paths (forward slashes) of the <c>.yml</c> files in a folder under <c>prometheus/</c>.</summary>
    public static IReadOnlyList<string> FilesIn(string subfolder)
    {
        var directory = Path.Combine(Folder, subfolder);
        if (!Directory.Exists(directory))
            return [];
        return [.. Directory.GetFiles(directory, "*.yml")
            .Select(f => Path.GetRelativePath(RepositoryPaths.Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)];
    }

    private static string Find(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Append("/usr/bin"))
        {
            if (directory.Length == 0)
                continue;
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
                return candidate;
        }

        throw new Xunit.Sdk.XunitException(
            name + " not found on PATH or in /usr/bin: install it with `bash scripts/install-deps.sh prometheus:/usr/bin/promtool` "
            + "(scripts/test.sh does this before running the tests)");
    }
}
