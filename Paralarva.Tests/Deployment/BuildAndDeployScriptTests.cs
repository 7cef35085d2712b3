using YamlDotNet.RepresentationModel;

namespace Paralarva.Tests.Deployment;

/// <summary>
/// build_and_deploy_chart.sh with a fake helm on PATH: the values it writes are YAML holding the base
/// values and the configuration as data, they round-trip, and helm is asked to install or upgrade.
/// </summary>
public sealed class BuildAndDeployScriptTests : IDisposable
{
    private const string StyledConfig = "Paralarva.Tests/Deployment/Configs/styled.yaml";

    private readonly FakeHelm _helm = new();

    public void Dispose() => _helm.Dispose();

    public static TheoryData<string> Configs => new() { "config.yaml", StyledConfig, ChartValueFiles.SeveralServices + "#config" };

    [Theory]
    [MemberData(nameof(Configs))]
    public async Task Script_Config_ValuesHoldTheConfigurationAsYaml(string config)
    {
        var configFile = ConfigFile(config);
        var valuesFile = Path.Combine(_helm.Folder, "values.yaml");

        (await RunScriptAsync(valuesFile, configFile)).EnsureSuccess();

        var values = YamlTree.Load(await File.ReadAllTextAsync(valuesFile));
        YamlTree.AssertEquivalent(YamlTree.Load(await File.ReadAllTextAsync(configFile)), YamlTree.Get(values, "config"));
        Assert.IsType<YamlMappingNode>(YamlTree.Get(values, "config", "proxy"));
    }

    [Fact]
    public async Task Script_BaseValues_CopiedWholeBesideTheConfiguration()
    {
        var valuesFile = Path.Combine(_helm.Folder, "values.yaml");

        (await RunScriptAsync(valuesFile, RepositoryPaths.Of("config.yaml"))).EnsureSuccess();

        var values = (YamlMappingNode)YamlTree.Load(await File.ReadAllTextAsync(valuesFile));
        var baseValues = (YamlMappingNode)YamlTree.Load(await File.ReadAllTextAsync(RepositoryPaths.Of("chart_base_values.yaml")));
        foreach (var (key, value) in baseValues.Children)
            YamlTree.AssertEquivalent(value, values.Children[key], ((YamlScalarNode)key).Value!);
        Assert.Equal(baseValues.Children.Count + 1, values.Children.Count);
    }

    [Fact]
    public async Task Script_Values_RoundTripThroughTheScriptHelmAndParalarva()
    {
        var configFile = RepositoryPaths.Of(StyledConfig);
        var first = Path.Combine(_helm.Folder, "first.yaml");
        var second = Path.Combine(_helm.Folder, "second.yaml");
        var extracted = Path.Combine(_helm.Folder, "extracted.yaml");

        (await RunScriptAsync(first, configFile)).EnsureSuccess();
        var config = YamlTree.Get(YamlTree.Load(await File.ReadAllTextAsync(first)), "config");
        await File.WriteAllTextAsync(extracted, YamlTree.Dump(config));
        (await RunScriptAsync(second, extracted)).EnsureSuccess();

        // Again through the script: the same values, bar the header naming the input.
        Assert.Equal(WithoutHeader(await File.ReadAllTextAsync(first)), WithoutHeader(await File.ReadAllTextAsync(second)));

        // Through the real helm: the ConfigMap holds the input configuration, and Paralarva accepts it.
        var manifests = await HelmTool.RenderAsync([first]);
        YamlTree.AssertEquivalent(YamlTree.Load(await File.ReadAllTextAsync(configFile)), YamlTree.Load(manifests.ConfigYaml));
        Assert.Equal(8081, manifests.ContainerPorts["proxy"]);
        var check = await HostExecutable.CheckConfigAsync(manifests.ConfigYaml);
        Assert.True(check.Succeeded, check.ToString());
        (await HelmTool.LintAsync([first])).EnsureSuccess();
    }

    [Fact]
    public async Task Script_Helm_UpgradeInstallOfTheChartWithTheValuesAndExtraFlags()
    {
        var valuesFile = Path.Combine(_helm.Folder, "values.yaml");

        (await RunScriptAsync(valuesFile, RepositoryPaths.Of("config.yaml"), ["--set", "flags.demo=true", "--wait"])).EnsureSuccess();

        Assert.Equal(
            ["upgrade", "--install", "paralarva", RepositoryPaths.Chart, "--values", valuesFile, "--set", "flags.demo=true", "--wait"],
            _helm.Arguments);
    }

    [Fact]
    public async Task Script_ReleaseAndNamespace_FromTheEnvironment()
    {
        var valuesFile = Path.Combine(_helm.Folder, "values.yaml");

        (await RunScriptAsync(valuesFile, RepositoryPaths.Of("config.yaml"), environment: new Dictionary<string, string>
        {
            ["RELEASE_NAME"] = "edge",
            ["NAMESPACE"] = "proxies",
        })).EnsureSuccess();

        Assert.Equal(
            ["upgrade", "--install", "edge", RepositoryPaths.Chart, "--values", valuesFile, "--namespace", "proxies", "--create-namespace"],
            _helm.Arguments);
    }

    [Fact]
    public async Task Script_NoArgument_DeploysTheRepositorysConfigYaml()
    {
        var valuesFile = Path.Combine(_helm.Folder, "values.yaml");

        (await RunScriptAsync(valuesFile, configFile: null)).EnsureSuccess();

        var values = YamlTree.Load(await File.ReadAllTextAsync(valuesFile));
        YamlTree.AssertEquivalent(YamlTree.Load(await File.ReadAllTextAsync(RepositoryPaths.Of("config.yaml"))), YamlTree.Get(values, "config"));
        Assert.Equal("upgrade", _helm.Arguments[0]);
    }

    [Theory]
    [InlineData("missing", "not found")]
    [InlineData("proxy: [unclosed", "cannot read configuration")]
    [InlineData("proxy:\n  listen: {address: 127.0.0.1, port: 1}\n---\nproxy: {}\n", "must be one YAML mapping")]
    [InlineData("- just\n- a list\n", "must be one YAML mapping")]
    [InlineData("listen: {address: 127.0.0.1, port: 1}\n", "no 'proxy' section")]
    public async Task Script_BadConfiguration_FailsWithoutCallingHelm(string content, string expectedError)
    {
        var configFile = Path.Combine(_helm.Folder, "config.yaml");
        if (content != "missing")
            await File.WriteAllTextAsync(configFile, content);

        var result = await RunScriptAsync(Path.Combine(_helm.Folder, "values.yaml"), configFile);

        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains(expectedError, result.StandardError);
        Assert.False(_helm.WasCalled);
    }

    [Fact]
    public async Task Script_BaseValuesSettingConfig_Refused()
    {
        var baseValues = Path.Combine(_helm.Folder, "base.yaml");
        await File.WriteAllTextAsync(baseValues, "replicaCount: 2\nconfig: {proxy: {}}\n");

        var result = await RunScriptAsync(
            Path.Combine(_helm.Folder, "values.yaml"), RepositoryPaths.Of("config.yaml"),
            environment: new Dictionary<string, string> { ["BASE_VALUES"] = baseValues });

        Assert.False(result.Succeeded);
        Assert.Contains("sets 'config'", result.StandardError);
        Assert.False(_helm.WasCalled);
    }

    /// <summary>A configuration file: a repository path, or "file#config" for the <c>config</c> section of a values file.</summary>
    private string ConfigFile(string config)
    {
        if (!config.EndsWith("#config", StringComparison.Ordinal))
            return RepositoryPaths.Of(config);
        var values = YamlTree.Load(File.ReadAllText(RepositoryPaths.Of(config[..^"#config".Length])));
        var file = Path.Combine(_helm.Folder, "from-values.yaml");
        File.WriteAllText(file, YamlTree.Dump(YamlTree.Get(values, "config")));
        return file;
    }

    private Task<ToolResult> RunScriptAsync(
        string valuesFile,
        string? configFile,
        IReadOnlyList<string>? helmArguments = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["PATH"] = _helm.SearchPath,
            ["VALUES_FILE"] = valuesFile,
        };
        List<string> arguments = [RepositoryPaths.Of("build_and_deploy_chart.sh")];
        if (configFile is not null)
            arguments.Add(configFile);
        arguments.AddRange(helmArguments ?? []);
        return ToolProcess.RunAsync("bash", arguments, variables, TimeSpan.FromSeconds(60));
    }

    private static string WithoutHeader(string values) =>
        string.Join('\n', values.Split('\n').Where(line => !line.StartsWith("#   configuration:", StringComparison.Ordinal)));
}
