using Paralarva.Actors.Config;
using Paralarva.Host.Cli;
using YamlDotNet.RepresentationModel;

namespace Paralarva.Tests.Deployment;

/// <summary>
/// The ports agree everywhere: the configuration's listen port is the container's proxy port, the
/// monitoring flag is the container's monitoring port, each Service targets the right one, and the
/// probes use the monitoring port. The container's arguments are read by Paralarva's real command line.
/// </summary>
public sealed class ChartPortsTests
{
    public static TheoryData<string> ValueFiles => ChartValueFiles.Each();

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public async Task Ports_EachValueFile_DeploymentServicesAndConfigurationAgree(string valueFile)
    {
        var manifests = await HelmTool.RenderAsync(ChartValueFiles.Files(valueFile));
        var containerPorts = manifests.ContainerPorts;
        var options = await ParseArgumentsAsync(manifests.ContainerArgs);
        var config = ConfigLoader.LoadText(manifests.ConfigYaml).Config ?? throw new Xunit.Sdk.XunitException("invalid ConfigMap");

        Assert.Equal(config.Listen.Port, containerPorts["proxy"]);
        Assert.Equal(options.PrometheusPort, containerPorts["monitoring"]);
        Assert.True(options.ListenAllAddresses, "the image's entrypoint adds -a");

        AssertTargets(manifests.Service("proxy"), "proxy", containerPorts);
        AssertTargets(manifests.Service("monitoring"), "monitoring", containerPorts);
        foreach (var probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
            Assert.Equal("monitoring", YamlTree.Text(manifests.Container, probe, "httpGet", "port"));
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public async Task Args_EachValueFile_ConfigFileIsTheMountedConfigMapKey(string valueFile)
    {
        var manifests = await HelmTool.RenderAsync(ChartValueFiles.Files(valueFile));
        var options = await ParseArgumentsAsync(manifests.ContainerArgs);

        var configMap = manifests.Single("ConfigMap");
        var volume = Assert.Single(
            YamlTree.Sequence(manifests.Deployment, "spec", "template", "spec", "volumes"),
            v => YamlTree.Find(v, "configMap", "name") is YamlScalarNode name && name.Value == YamlTree.Text(configMap, "metadata", "name"));
        var mount = Assert.Single(
            YamlTree.Sequence(manifests.Container, "volumeMounts"),
            m => YamlTree.Text(m, "name") == YamlTree.Text(volume, "name"));
        var key = Path.GetFileName(options.ConfigFile);

        Assert.Equal(YamlTree.Text(mount, "mountPath"), Path.GetDirectoryName(options.ConfigFile));
        Assert.NotNull(YamlTree.Find(configMap, "data", key));
    }

    [Fact]
    public async Task Ports_SeveralServices_ServicePortMapsOntoTheConfiguredListenPort()
    {
        var manifests = await HelmTool.RenderAsync([ChartValueFiles.SeveralServices]);

        var proxyPort = Assert.Single(YamlTree.Sequence(manifests.Service("proxy"), "spec", "ports"));
        Assert.Equal(80, YamlTree.Int(proxyPort, "port"));
        Assert.Equal(9090, manifests.ContainerPorts["proxy"]);
        var monitoringPort = Assert.Single(YamlTree.Sequence(manifests.Service("monitoring"), "spec", "ports"));
        Assert.Equal(9100, YamlTree.Int(monitoringPort, "port"));
        Assert.Equal(9100, manifests.ContainerPorts["monitoring"]);
    }

    [Fact]
    public async Task Args_FlagValues_ReachTheCommandLine()
    {
        var manifests = await HelmTool.RenderAsync(
            [], "--set", "flags.logLevel=debug", "--set", "flags.logFormat=json", "--set-json", "flags.timeout=2.5", "--set", "flags.dryRun=true", "--set", "flags.demo=true");

        var options = await ParseArgumentsAsync(manifests.ContainerArgs);

        Assert.Equal("debug", options.LogLevel);
        Assert.Equal("json", options.LogFormat);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.Timeout);
        Assert.True(options.DryRun);
        Assert.True(options.Demo);
    }

    /// <summary>Each Service port targets the named container port <paramref name="portName"/>; its port defaults to that port's number.</summary>
    private static void AssertTargets(YamlMappingNode service, string portName, IReadOnlyDictionary<string, int> containerPorts)
    {
        var port = Assert.Single(YamlTree.Sequence(service, "spec", "ports"));
        Assert.Equal(portName, YamlTree.Text(port, "targetPort"));
        Assert.True(containerPorts.ContainsKey(portName));
        Assert.InRange(YamlTree.Int(port, "port"), 1, 65535);
        if (YamlTree.Find(port, "nodePort") is not null)
            Assert.InRange(YamlTree.Int(port, "nodePort"), 30000, 32767);
    }

    /// <summary>The container's arguments after the image's entrypoint flag, read by the real command line.</summary>
    private static async Task<HostOptions> ParseArgumentsAsync(IReadOnlyList<string> args)
    {
        HostOptions? parsed = null;
        var exitCode = await ParalarvaCommand.InvokeAsync(["--listen-all-addr", .. args], (options, _) =>
        {
            parsed = options;
            return Task.FromResult(0);
        });

        Assert.True(exitCode == 0, "the command line rejected: " + string.Join(' ', args));
        return parsed ?? throw new Xunit.Sdk.XunitException("the command line did not run");
    }
}
