using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;
using Paralarva.Tests.Deployment;
using Paralarva.Tests.EndToEnd;
using YamlDotNet.RepresentationModel;

namespace Paralarva.Tests.Prometheus;

/// <summary>
/// What a prometheus-operator would run from the chart, without a cluster: the chart rendered with its
/// ServiceMonitor and PrometheusRule; a real Prometheus whose scrape job is what the operator makes of the
/// ServiceMonitor (job name from its <c>jobLabel</c> read on the monitoring Service, its path, its port's
/// /metrics) and whose rule file is the PrometheusRule's groups; scraping a running Paralarva with a
/// service that answers, one whose member refuses connections, and active health checks. The scrape and
/// evaluation intervals are 1 s instead of the ServiceMonitor's, so that a test takes seconds.
/// </summary>
internal sealed class ChartMonitoringStack : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;
    private readonly Socket _closedPort;

    private ChartMonitoringStack(DirectoryInfo directory, Socket closedPort, TestOrigin origin, InProcessProxy proxy, PrometheusServer prometheus,
        string job, int ruleCount, string okDomain, string badDomain)
    {
        _directory = directory;
        _closedPort = closedPort;
        Origin = origin;
        Proxy = proxy;
        Prometheus = prometheus;
        Job = job;
        RuleCount = ruleCount;
        OkDomain = okDomain;
        BadDomain = badDomain;
    }

    public TestOrigin Origin { get; }

    public InProcessProxy Proxy { get; }

    public PrometheusServer Prometheus { get; }

    /// <summary>The job name the ServiceMonitor gives the targets.</summary>
    public string Job { get; }

    /// <summary>Recording and alerting rules in the rendered PrometheusRule.</summary>
    public int RuleCount { get; }

    public string OkDomain { get; }

    public string BadDomain { get; }

    public static async Task<ChartMonitoringStack> StartAsync()
    {
        var manifests = await HelmTool.RenderAsync([ChartValueFiles.ServiceMonitor]);
        var monitor = manifests.Single("ServiceMonitor");
        var endpoint = (YamlMappingNode)Assert.Single(YamlTree.Sequence(monitor, "spec", "endpoints"));
        var monitoringService = manifests.Service("monitoring");
        var job = YamlTree.Text(monitoringService, "metadata", "labels", YamlTree.Text(monitor, "spec", "jobLabel"));
        Assert.Equal(YamlTree.Text(endpoint, "port"), YamlTree.Text(Assert.Single(YamlTree.Sequence(monitoringService, "spec", "ports")), "name"));
        var groups = YamlTree.Get(manifests.Single("PrometheusRule"), "spec", "groups");
        var ruleCount = ((YamlSequenceNode)groups).Children.Sum(g => YamlTree.Sequence(g, "rules").Count);

        var directory = Directory.CreateTempSubdirectory("paralarva-chart-stack-");
        var rules = Path.Combine(directory.FullName, "prometheusrule.yml");
        var rulesFile = new YamlMappingNode { { "groups", groups } };
        await File.WriteAllTextAsync(rules, YamlTree.Dump(rulesFile));

        var id = Guid.NewGuid().ToString("N")[..8];
        var okDomain = "stack-ok-" + id + ".example";
        var badDomain = "stack-bad-" + id + ".example";
        var origin = new TestOrigin("stack");
        var closedPort = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closedPort.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var deadPort = ((IPEndPoint)closedPort.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);
        var yaml = string.Join('\n',
            "proxy:",
            "  listen: {address: 127.0.0.1, port: 8080}",
            "  services:",
            "    - name: " + okDomain,
            "      domain: " + okDomain,
            "      health_check: {path: /health, interval: 200ms, timeout: 100ms}",
            "      hosts: [{address: 127.0.0.1, port: " + origin.Port.ToString(CultureInfo.InvariantCulture) + "}]",
            "    - name: " + badDomain,
            "      domain: " + badDomain,
            "      outlier_detection: {consecutive_failures: 0}",
            "      hosts: [{address: 127.0.0.1, port: " + deadPort + "}]",
            string.Empty);
        var loaded = ConfigLoader.LoadBytes(Encoding.UTF8.GetBytes(yaml));
        var config = loaded.Config ?? throw new Xunit.Sdk.XunitException(string.Join("\n", loaded.Errors));
        var proxy = await InProcessProxy.StartAsync(config with { Listen = new ListenConfig("127.0.0.1", 0) });
        PrometheusServer? prometheus = null;
        try
        {
            prometheus = await PrometheusServer.StartAsync(string.Join('\n',
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "  evaluation_interval: 1s",
                "rule_files:",
                "  - " + rules,
                "scrape_configs:",
                "  - job_name: " + job,
                "    metrics_path: " + YamlTree.Text(endpoint, "path"),
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + proxy.MonitoringPort.ToString(CultureInfo.InvariantCulture) + "']",
                string.Empty));
            return new ChartMonitoringStack(directory, closedPort, origin, proxy, prometheus, job, ruleCount, okDomain, badDomain);
        }
        catch
        {
            await proxy.DisposeAsync();
            await origin.DisposeAsync();
            closedPort.Dispose();
            directory.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>A little load: answers from the good service (and a slow one), 502s from the bad one.</summary>
    public async Task SendLoadAsync()
    {
        await using var client = await Proxy.ConnectAsync();
        for (var i = 0; i < 20; i++)
            Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get(OkDomain, "/load/" + i))).StatusCode);
        for (var i = 0; i < 3; i++)
            Assert.Equal(502, (await Proxy.SendOnNewConnectionAsync(RawRequest.Get(BadDomain, "/"))).StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        await Prometheus.DisposeAsync();
        await Proxy.DisposeAsync();
        await Origin.DisposeAsync();
        _closedPort.Dispose();
        _directory.Delete(recursive: true);
    }
}
