using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>The monitoring port of a running proxy: Prometheus metrics counting real traffic, and the probes.</summary>
public sealed class MonitoringTests
{
    [Fact]
    public async Task Metrics_RequestsTotal_CountsTheRequestsSent()
    {
        // Metrics live in the process-wide default registry: a service name of its own keeps this count clean
        // (TestConfigs names a service after its domain).
        var domain = "metrics-" + Guid.NewGuid().ToString("N")[..8] + ".example";
        var service = domain;
        await using var origin = new TestOrigin("a", req => req.Target == "/missing" ? OriginResponse.Text(404, "no") : OriginResponse.Ok("yes"));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(domain, origin));
        await using var client = await proxy.ConnectAsync();
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + proxy.MonitoringPort), Timeout = TimeSpan.FromSeconds(10) };

        for (var i = 0; i < 7; i++)
            Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get(domain, "/" + i))).StatusCode);
        for (var i = 0; i < 2; i++)
            Assert.Equal(404, (await client.SendAndReadAsync(RawRequest.Get(domain, "/missing"))).StatusCode);

        // The MetricsActor hears of each exchange asynchronously: poll, bounded in time.
        var ok = "paralarva_requests_total{service=\"" + service + "\",code=\"200\"} 7";
        var notFound = "paralarva_requests_total{service=\"" + service + "\",code=\"404\"} 2";
        var text = string.Empty;
        await Poll.TryAsync(async () => HasLine(text = await http.GetStringAsync("/metrics"), ok) && HasLine(text, notFound), TimeSpan.FromSeconds(10));

        Assert.True(HasLine(text, ok), "no line '" + ok + "' in /metrics:\n" + Matching(text, service));
        Assert.True(HasLine(text, notFound), "no line '" + notFound + "' in /metrics:\n" + Matching(text, service));
    }

    [Theory]
    [InlineData("/healthz", "ok\n")]
    [InlineData("/readyz", "ready\n")]
    public async Task Probes_RunningProxy_200(string path, string body)
    {
        // DESIGN.md monitoring port: /healthz (alive) and /readyz (listening, configuration loaded).
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service("svc.example", origin));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        using var response = await http.GetAsync(new Uri("http://127.0.0.1:" + proxy.MonitoringPort + path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    private static bool HasLine(string text, string line) => MetricsReader.HasLine(text, line);

    private static string Matching(string text, string service) => MetricsReader.Matching(text, service);
}
