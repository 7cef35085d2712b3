using Paralarva.Tests.Common;

namespace Paralarva.Tests.Deployment;

/// <summary>
/// Runs an external command from the repository root to completion through <see cref="ChildProcess"/>: past the
/// timeout the whole process tree is killed and the test fails with what the command had printed.
/// </summary>
internal static class ToolProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    public static async Task<ToolResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var list = arguments.ToList();
        var (exitCode, stdout, stderr) = await ChildProcess.RunAsync(
            fileName, list, timeout ?? DefaultTimeout, RepositoryPaths.Root, environment);
        return new ToolResult(fileName + " " + string.Join(' ', list), exitCode, stdout, stderr);
    }
}
