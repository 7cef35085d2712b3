namespace Paralarva.Tests.Deployment;

/// <summary>
/// build_and_deploy_chart.sh: a dry run through the real helm and the real proxy's --check-config; with
/// stand-ins for helm, kubectl and minikube on PATH, the calls it makes to build the image and deploy.
/// </summary>
public sealed class BuildAndDeployScriptTests : IDisposable
{
    private const string StyledConfig = "Paralarva.Tests/Deployment/Configs/styled.yaml";

    private readonly FakeHelm _helm = new();

    public void Dispose() => _helm.Dispose();

    [Theory]
    [InlineData("config.yaml")]
    [InlineData(StyledConfig)]
    public async Task Script_DryRun_RealHelmInstallsTheConfigurationAsItIs(string config)
    {
        var configFile = RepositoryPaths.Of(config);

        var result = await RunScriptAsync(configFile, ["--no-build", "--dry-run"], realHelm: true);

        result.EnsureSuccess();
        Assert.Contains("is valid", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("STATUS: pending-install", result.StandardOutput, StringComparison.Ordinal);
        var manifests = RenderedManifests.Parse(ManifestsOf(result.StandardOutput));
        YamlTree.AssertEquivalent(YamlTree.Load(await File.ReadAllTextAsync(configFile)), YamlTree.Load(manifests.ConfigYaml));
        // chart_base_values.yaml's NodePorts: the minikube setup of the original.
        Assert.Equal(30303, YamlTree.Int(Assert.Single(YamlTree.Sequence(manifests.Service("proxy"), "spec", "ports")), "nodePort"));
    }

    [Fact]
    public async Task Script_Helm_UpgradeInstallWithBaseValuesTheConfigFileAndExtraFlags()
    {
        var config = RepositoryPaths.Of("config.yaml");

        (await RunScriptAsync(config, ["--no-build", "--set", "flags.demo=true", "--wait"])).EnsureSuccess();

        Assert.Equal(
            ["upgrade", "--install", "paralarva", RepositoryPaths.Chart, "--values", RepositoryPaths.Of("chart_base_values.yaml"),
             "--set-file", "configFile=" + config, "--set", "flags.demo=true", "--wait"],
            _helm.Arguments);
    }

    [Fact]
    public async Task Script_ReleaseAndNamespace_FromTheEnvironment()
    {
        var config = RepositoryPaths.Of("config.yaml");

        (await RunScriptAsync(config, ["--no-build"], environment: new Dictionary<string, string>
        {
            ["RELEASE_NAME"] = "edge",
            ["NAMESPACE"] = "proxies",
        })).EnsureSuccess();

        Assert.Equal(
            ["upgrade", "--install", "edge", RepositoryPaths.Chart, "--values", RepositoryPaths.Of("chart_base_values.yaml"),
             "--set-file", "configFile=" + config, "--namespace", "proxies", "--create-namespace"],
            _helm.Arguments);
    }

    [Fact]
    public async Task Script_MinikubeContext_BuildsTheChartsImageInsideMinikubeFirst()
    {
        var calls = Path.Combine(_helm.Folder, "tools.log");
        FakeTool("kubectl", "echo \"kubectl $*\" >> '" + calls + "'; echo minikube");
        FakeTool("minikube", "echo \"minikube $*\" >> '" + calls + "'");

        (await RunScriptAsync(RepositoryPaths.Of("config.yaml"), [])).EnsureSuccess();

        var version = File.ReadAllText(RepositoryPaths.Of("VERSION")).Trim();
        Assert.Equal(
            ["kubectl config current-context", "minikube image build -t paralarva:" + version + " " + RepositoryPaths.Root],
            File.ReadAllLines(calls));
        Assert.Equal("upgrade", _helm.Arguments[0]);
    }

    [Fact]
    public async Task Script_NoBuild_NeitherAsksKubectlNorBuilds()
    {
        var calls = Path.Combine(_helm.Folder, "tools.log");
        FakeTool("kubectl", "echo \"kubectl $*\" >> '" + calls + "'; echo minikube");
        FakeTool("minikube", "echo \"minikube $*\" >> '" + calls + "'");

        (await RunScriptAsync(RepositoryPaths.Of("config.yaml"), ["--no-build"])).EnsureSuccess();

        Assert.False(File.Exists(calls));
        Assert.True(_helm.WasCalled);
    }

    [Theory]
    [InlineData("missing", "not found")]
    [InlineData("proxy: [unclosed", "not a valid configuration")]
    [InlineData("proxy:\n  listen: {address: 127.0.0.1, port: 70000}\n  services: []\n", "not a valid configuration")]
    [InlineData("listen: {address: 127.0.0.1, port: 1}\n", "not a valid configuration")]
    public async Task Script_BadConfiguration_FailsWithoutCallingHelm(string content, string expectedError)
    {
        var configFile = Path.Combine(_helm.Folder, "config.yaml");
        if (content != "missing")
            await File.WriteAllTextAsync(configFile, content);

        var result = await RunScriptAsync(configFile, ["--no-build"]);

        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains(expectedError, result.StandardError, StringComparison.Ordinal);
        Assert.False(_helm.WasCalled);
    }

    [Fact]
    public void Script_NeedsNoPython()
    {
        var script = File.ReadAllText(RepositoryPaths.Of("build_and_deploy_chart.sh"));

        Assert.DoesNotContain("python3 ", script, StringComparison.Ordinal);
        Assert.DoesNotContain("import yaml", script, StringComparison.Ordinal);
    }

    /// <summary>helm's dry-run output: the manifests follow "MANIFEST:" and end at "NOTES:".</summary>
    private static string ManifestsOf(string output)
    {
        var start = output.IndexOf("MANIFEST:", StringComparison.Ordinal);
        var end = output.IndexOf("NOTES:", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "no manifests in\n" + output);
        return output[(start + "MANIFEST:".Length)..end];
    }

    private void FakeTool(string name, string body)
    {
        var path = Path.Combine(_helm.Folder, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private Task<ToolResult> RunScriptAsync(
        string configFile,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        bool realHelm = false)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            // Tests that need kubectl and minikube put fakes first on PATH.
            ["PATH"] = realHelm
                ? Path.GetDirectoryName(HelmTool.Path) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH")
                : _helm.SearchPath,
            ["PARALARVA"] = "dotnet " + HostExecutable.Dll,
        };
        return ToolProcess.RunAsync("bash", [RepositoryPaths.Of("build_and_deploy_chart.sh"), configFile, .. arguments], variables, TimeSpan.FromSeconds(120));
    }
}
