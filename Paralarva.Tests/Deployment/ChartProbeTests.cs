using System.Net;
using Paralarva.Actors.Config;
using Paralarva.Host.Cli;
using Paralarva.Host.Hosting;

namespace Paralarva.Tests.Deployment;

/// <summary>The probes the chart renders ask paths that a running Paralarva's monitoring port really answers.</summary>
public sealed class ChartProbeTests
{
    [Fact]
    public async Task Probes_RenderedPaths_AnsweredOkByARunningProxy()
    {
        var manifests = await HelmTool.RenderAsync([]);
        var probes = new[] { "startupProbe", "livenessProbe", "readinessProbe" }
            .ToDictionary(p => p, p => YamlTree.Text(manifests.Container, p, "httpGet", "path"));
        Assert.Equal("/healthz", probes["livenessProbe"]);
        Assert.Equal("/readyz", probes["readinessProbe"]);

        // The chart's own configuration, listening on a free port of its own.
        var config = ConfigLoader.LoadText(manifests.ConfigYaml).Config ?? throw new Xunit.Sdk.XunitException("invalid ConfigMap");
        config = config with { Listen = new ListenConfig("127.0.0.1", 0) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var proxy = await ParalarvaHost.StartAsync(
            HostOptions.Default with { PrometheusPort = 0, LogLevel = "warn" }, config, timeout.Token);
        using var client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + proxy.MonitoringPort), Timeout = TimeSpan.FromSeconds(10) };

        foreach (var (probe, path) in probes)
        {
            using var response = await client.GetAsync(path, timeout.Token);
            Assert.True(response.StatusCode == HttpStatusCode.OK, probe + " " + path + " answered " + (int)response.StatusCode);
        }

        // A probe on a path the port does not serve would fail: the check above means something.
        using var unknown = await client.GetAsync("/health", timeout.Token);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
