namespace Paralarva.Tests.Deployment;

/// <summary>Paths in the repository the tests run from: the first folder above the test assembly holding Paralarva.sln.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Chart => Path.Combine(Root, "helm_chart");

    /// <summary>A repository-relative path (forward slashes) made absolute.</summary>
    public static string Of(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Paralarva.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("no Paralarva.sln above " + AppContext.BaseDirectory);
    }
}
