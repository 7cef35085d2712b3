namespace Paralarva.Tests.Deployment;

/// <summary>
/// The real helm binary: <c>$PARALARVA_HELM</c>, else the first <c>helm</c> on PATH, else <c>.tools/bin/helm</c>
/// where <c>scripts/install-helm.sh</c> puts it when /usr/local/bin is not writable. Missing helm fails
/// the test: <c>scripts/test.sh</c> installs it.
/// </summary>
internal static class HelmTool
{
    private static readonly Lazy<string> LazyPath = new(Find);

    public static string Path => LazyPath.Value;

    public static Task<ToolResult> LintAsync(IEnumerable<string> valueFiles, params string[] extraArguments) =>
        ToolProcess.RunAsync(Path, ["lint", "--strict", RepositoryPaths.Chart, .. ValuesArguments(valueFiles), .. extraArguments]);

    public static Task<ToolResult> TemplateAsync(IEnumerable<string> valueFiles, params string[] extraArguments) =>
        ToolProcess.RunAsync(Path, [
            "template", "paralarva", RepositoryPaths.Chart, "--namespace", "proxy",
            .. ValuesArguments(valueFiles), .. extraArguments,
        ]);

    /// <summary>Renders the chart and parses the manifests; a failed render fails the test.</summary>
    public static async Task<RenderedManifests> RenderAsync(IEnumerable<string> valueFiles, params string[] extraArguments)
    {
        var result = (await TemplateAsync(valueFiles, extraArguments)).EnsureSuccess();
        return RenderedManifests.Parse(result.StandardOutput);
    }

    private static IEnumerable<string> ValuesArguments(IEnumerable<string> valueFiles)
    {
        foreach (var file in valueFiles)
        {
            yield return "--values";
            yield return System.IO.Path.IsPathRooted(file) ? file : RepositoryPaths.Of(file);
        }
    }

    private static string Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("PARALARVA_HELM");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(fromEnvironment))
            return fromEnvironment;

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            var candidate = System.IO.Path.Combine(directory, "helm");
            if (directory.Length > 0 && File.Exists(candidate))
                return candidate;
        }

        var local = RepositoryPaths.Of(".tools/bin/helm");
        if (File.Exists(local))
            return local;

        throw new InvalidOperationException(
            "helm not found ($PARALARVA_HELM, PATH, .tools/bin): run scripts/install-helm.sh (scripts/test.sh runs it)");
    }
}
