using Paralarva.Actors.Config;

namespace Paralarva.Tests.Deployment;

/// <summary>The configuration the chart puts in its ConfigMap is one Paralarva itself accepts, and the one the values hold.</summary>
public sealed class ChartConfigTests
{
    public static TheoryData<string> ValueFiles => ChartValueFiles.Each();

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public async Task ConfigMap_EachValueFile_PassesTheExecutablesCheckConfig(string valueFile)
    {
        var manifests = await HelmTool.RenderAsync(ChartValueFiles.Files(valueFile));

        var result = await HostExecutable.CheckConfigAsync(manifests.ConfigYaml);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains("is valid", result.StandardOutput);
    }

    [Fact]
    public async Task ConfigMap_SeveralServices_LoadsEveryServiceMemberAndLimit()
    {
        var manifests = await HelmTool.RenderAsync([ChartValueFiles.SeveralServices]);

        var loaded = ConfigLoader.LoadText(manifests.ConfigYaml);

        var config = loaded.Config ?? throw new Xunit.Sdk.XunitException(string.Join("\n", loaded.Errors));
        Assert.Equal(["search", "api", "ipv6"], config.Services.Select(s => s.Name));
        Assert.Equal([3, 1, 1], config.Services.Select(s => s.Hosts.Length));
        Assert.Equal("round_robin", config.Services[0].Strategy);
        Assert.Equal(9090, config.Listen.Port);
        Assert.Equal(1_000_000, config.Limits.MaxClientConnections);
        Assert.Equal(AccessLogConfig.Stdout, config.AccessLog);
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public async Task ConfigMap_EachValueFile_HoldsExactlyTheValuesConfig(string valueFile)
    {
        var manifests = await HelmTool.RenderAsync(ChartValueFiles.Files(valueFile));
        // The value file's config wins over the chart's default one; without it, the default is the chart's.
        var source = valueFile.Length > 0 && YamlTree.Find(YamlTree.Load(File.ReadAllText(RepositoryPaths.Of(valueFile))), "config") is { } fromFile
            ? fromFile
            : YamlTree.Get(YamlTree.Load(File.ReadAllText(Path.Combine(RepositoryPaths.Chart, "values.yaml"))), "config");

        YamlTree.AssertEquivalent(source, YamlTree.Load(manifests.ConfigYaml));
    }
}
