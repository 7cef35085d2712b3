namespace Paralarva.Tests.Deployment;

/// <summary>
/// The real Paralarva executable: the Paralarva.Host.dll built next to the test assembly (the test
/// project references the host), run with <c>dotnet</c> as the image's entrypoint does.
/// </summary>
internal static class HostExecutable
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "Paralarva.Host.dll");

    /// <summary><c>dotnet Paralarva.Host.dll --check-config -f <paramref name="configText"/></c> on a temp file.</summary>
    public static async Task<ToolResult> CheckConfigAsync(string configText)
    {
        var file = Path.Combine(Path.GetTempPath(), "paralarva-check-" + Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(file, configText);
        try
        {
            return await ToolProcess.RunAsync("dotnet", [Dll, "--check-config", "--file", file], timeout: TimeSpan.FromSeconds(60));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
