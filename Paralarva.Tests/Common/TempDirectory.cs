namespace Paralarva.Tests.Common;

/// <summary>
/// A fresh directory under the system's temp directory for one test class instance, deleted with everything in it
/// on disposal. A directory that cannot be deleted (a child process still writing in it) is left behind rather than
/// failing the test: the system cleans its temp directory.
/// </summary>
internal sealed class TempDirectory(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The full path of <paramref name="names"/> (a file or folder, or folders then one) inside this directory.</summary>
    public string PathOf(params string[] names) => System.IO.Path.Combine([Path, .. names]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory must not fail a test.
        }
    }
}
