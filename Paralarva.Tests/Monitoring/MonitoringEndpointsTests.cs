using System.Net;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.DependencyInjection;
using Paralarva.Actors.Metrics;

namespace Paralarva.Tests.Monitoring;

public sealed class MonitoringEndpointsTests : TestKit
{
    [Fact]
    public async Task Healthz_NoActorSystem_200Ok()
    {
        await using var server = await MonitoringServer.StartAsync();

        using var response = await server.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ok\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Healthz_ActorSystemRunning_200Ok()
    {
        await using var server = await MonitoringServer.StartAsync(services => services.AddSingleton(Sys));

        using var response = await server.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Healthz_ActorSystemTerminated_503()
    {
        var system = ActorSystem.Create("terminated");
        await system.Terminate();
        await using var server = await MonitoringServer.StartAsync(services => services.AddSingleton(system));

        using var response = await server.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_NothingSet_503NamingEveryMissingCondition()
    {
        await using var server = await MonitoringServer.StartAsync();

        using var response = await server.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("not ready: not listening, configuration not loaded\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_ListeningAndLoaded_200ThenDraining_503()
    {
        await using var server = await MonitoringServer.StartAsync();
        server.Readiness.SetConfigurationLoaded(true);

        using (var loadedOnly = await server.Client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, loadedOnly.StatusCode);
            Assert.Equal("not ready: not listening\n", await loadedOnly.Content.ReadAsStringAsync());
        }

        server.Readiness.SetListening(true);
        using (var ready = await server.Client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("ready\n", await ready.Content.ReadAsStringAsync());
        }

        server.Readiness.SetDraining(true);
        using var draining = await server.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, draining.StatusCode);
        Assert.Equal("not ready: draining\n", await draining.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_AfterMetricsActorRecorded_TextFormatWithParalarvaMetric()
    {
        // The endpoint exports the default registry, where the host's MetricsActor records.
        var metrics = Sys.ActorOf(MetricsActor.Props(global::Prometheus.Metrics.DefaultRegistry));
        metrics.Tell(new RequestCompleted("monitoring-test", 204, 0.001, 0, 0));
        await using var server = await MonitoringServer.StartAsync();

        await AwaitAssertAsync(async () =>
        {
            using var response = await server.Client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var contentType = response.Content.Headers.ContentType;
            Assert.Equal("text/plain", contentType?.MediaType);
            Assert.Contains(contentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("paralarva_requests_total{service=\"monitoring-test\",code=\"204\"} 1", body.Split('\n'));
        });
    }

    [Fact]
    public async Task Metrics_Post_405()
    {
        await using var server = await MonitoringServer.StartAsync();

        using var response = await server.Client.PostAsync("/metrics", new StringContent(""));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [InlineData("HEAD", "/healthz")]
    [InlineData("DELETE", "/readyz")]
    [InlineData("PUT", "/status.json")]
    public async Task KnownPath_OtherMethod_405AllowingGet(string method, string path)
    {
        await using var server = await MonitoringServer.StartAsync();

        using var response = await server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Metrics_AcceptOpenMetrics_OpenMetricsFormat()
    {
        await using var server = await MonitoringServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.ParseAdd("application/openmetrics-text; version=1.0.0, text/plain; version=0.0.4; q=0.5");

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/openmetrics-text", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("# EOF\n", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/", HttpStatusCode.NotFound)]
    [InlineData("/metrics2", HttpStatusCode.NotFound)]
    [InlineData("/healthz/extra", HttpStatusCode.NotFound)]
    [InlineData("/favicon.ico", HttpStatusCode.NotFound)]
    [InlineData("/api/anything", HttpStatusCode.NotFound)]
    // As endpoint routing matched: case-insensitive, one trailing slash allowed.
    [InlineData("/healthz/", HttpStatusCode.OK)]
    [InlineData("/HEALTHZ", HttpStatusCode.OK)]
    [InlineData("/Status.JSON/", HttpStatusCode.OK)]
    public async Task Get_Path_OnlyTheEndpointsAnswer(string path, HttpStatusCode expected)
    {
        await using var server = await MonitoringServer.StartAsync();

        using var response = await server.Client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
    }
}
