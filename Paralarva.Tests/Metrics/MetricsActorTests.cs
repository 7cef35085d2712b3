using System.Text;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Health;
using Paralarva.Actors.Metrics;
using Prometheus;

using Paralarva.Tests.Common;

namespace Paralarva.Tests.Metrics;

public sealed class MetricsActorTests : TestKit
{
    // A fresh registry per test: the default one is process-wide and shared by every test class.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly CollectorRegistry _registry = global::Prometheus.Metrics.NewCustomRegistry();
    private readonly IActorRef _metrics;

    public MetricsActorTests() => _metrics = Sys.ActorOf(MetricsActor.Props(_registry));

    [Fact]
    public async Task RequestCompleted_SameServiceAndCode_CountedTogether()
    {
        _metrics.Tell(new RequestCompleted("web", 200, 0.01, 0, 0));
        _metrics.Tell(new RequestCompleted("web", 200, 0.01, 0, 0));
        _metrics.Tell(new RequestCompleted("web", 503, 0.01, 0, 0));
        _metrics.Tell(new RequestCompleted("api", 200, 0.01, 0, 0));

        await AssertExportedAsync(
            "paralarva_requests_total{service=\"web\",code=\"200\"} 2",
            "paralarva_requests_total{service=\"web\",code=\"503\"} 1",
            "paralarva_requests_total{service=\"api\",code=\"200\"} 1");
    }

    [Fact]
    public async Task RequestCompleted_NoService_LabelledNone()
    {
        _metrics.Tell(new RequestCompleted("", 400, 0.001, 0, 0));

        await AssertExportedAsync("paralarva_requests_total{service=\"none\",code=\"400\"} 1");
    }

    [Fact]
    public async Task RequestCompleted_Duration_ObservedInLatencyBuckets()
    {
        _metrics.Tell(new RequestCompleted("web", 200, 0.003, 0, 0));
        _metrics.Tell(new RequestCompleted("web", 200, 0.2, 0, 0));

        await AssertExportedAsync(
            "paralarva_request_duration_seconds_bucket{service=\"web\",le=\"0.0005\"} 0",
            "paralarva_request_duration_seconds_bucket{service=\"web\",le=\"0.0025\"} 0",
            "paralarva_request_duration_seconds_bucket{service=\"web\",le=\"0.005\"} 1",
            "paralarva_request_duration_seconds_bucket{service=\"web\",le=\"0.25\"} 2",
            "paralarva_request_duration_seconds_bucket{service=\"web\",le=\"30\"} 2",
            "paralarva_request_duration_seconds_bucket{service=\"web\",le=\"+Inf\"} 2",
            "paralarva_request_duration_seconds_count{service=\"web\"} 2");
    }

    [Fact]
    public async Task RequestCompleted_BodyBytes_SummedPerService()
    {
        _metrics.Tell(new RequestCompleted("web", 200, 0.01, 100, 1000));
        _metrics.Tell(new RequestCompleted("web", 200, 0.01, 5, 24));

        await AssertExportedAsync(
            "paralarva_request_body_bytes_total{service=\"web\"} 105",
            "paralarva_response_body_bytes_total{service=\"web\"} 1024");
    }

    [Fact]
    public async Task UpstreamCompleted_ObservedPerServiceAndMember()
    {
        _metrics.Tell(new UpstreamCompleted("web", "10.0.0.1:9000", 0.004, 0.02));
        _metrics.Tell(new UpstreamCompleted("web", "10.0.0.2:9000", 0.004, 0.02));

        await AssertExportedAsync(
            "paralarva_upstream_first_byte_seconds_bucket{service=\"web\",member=\"10.0.0.1:9000\",le=\"0.0025\"} 0",
            "paralarva_upstream_first_byte_seconds_bucket{service=\"web\",member=\"10.0.0.1:9000\",le=\"0.005\"} 1",
            "paralarva_upstream_duration_seconds_bucket{service=\"web\",member=\"10.0.0.1:9000\",le=\"0.01\"} 0",
            "paralarva_upstream_duration_seconds_bucket{service=\"web\",member=\"10.0.0.1:9000\",le=\"0.025\"} 1",
            "paralarva_upstream_duration_seconds_count{service=\"web\",member=\"10.0.0.2:9000\"} 1");
    }

    [Fact]
    public async Task RequestCompleted_WithUpstream_ObservesTheRequestAndTheMember()
    {
        _metrics.Tell(new RequestCompleted("web", 200, 0.01, 0, 13, new UpstreamCompleted("web", "10.0.0.1:9000", 0.004, 0.02)));

        await AssertExportedAsync(
            "paralarva_requests_total{service=\"web\",code=\"200\"} 1",
            "paralarva_response_body_bytes_total{service=\"web\"} 13",
            "paralarva_upstream_first_byte_seconds_bucket{service=\"web\",member=\"10.0.0.1:9000\",le=\"0.005\"} 1",
            "paralarva_upstream_duration_seconds_count{service=\"web\",member=\"10.0.0.1:9000\"} 1");
    }

    [Fact]
    public async Task RequestsCompleted_Batch_EveryEntryCountedAndItsArrayGivenBackCleared()
    {
        var entries = RequestsCompleted.Rent();
        entries[0] = new RequestCompleted("web", 200, 0.01, 0, 13, new UpstreamCompleted("web", "10.0.0.1:9000", 0.004, 0.02));
        entries[1] = new RequestCompleted("web", 503, 0.01, 0, 0);
        entries[2] = new RequestCompleted("web", 429, 0.001, 0, 0) { Rejected = "rate_limited" };
        // An entry past the count is not the batch's: never counted.
        entries[3] = new RequestCompleted("web", 200, 0.01, 0, 0);

        _metrics.Tell(new RequestsCompleted(entries, 3));

        await AssertExportedAsync(
            "paralarva_requests_total{service=\"web\",code=\"200\"} 1",
            "paralarva_requests_total{service=\"web\",code=\"503\"} 1",
            "paralarva_requests_total{service=\"web\",code=\"429\"} 1",
            "paralarva_requests_rejected_total{service=\"web\",reason=\"rate_limited\"} 1",
            "paralarva_upstream_duration_seconds_count{service=\"web\",member=\"10.0.0.1:9000\"} 1");
        // Given back to the pool without the strings its entries named, so a pooled array keeps no service alive.
        AwaitAssert(() => Assert.All(entries[..3], entry => Assert.Null(entry.Service)), Wait, Poll);
    }

    [Fact]
    public async Task ProxyErrorOccurred_KindLabelledInSnakeCase()
    {
        _metrics.Tell(new ProxyErrorOccurred("web", "MemberTimeout"));
        _metrics.Tell(new ProxyErrorOccurred("web", "MemberTimeout"));
        _metrics.Tell(new ProxyErrorOccurred("web", "MemberRefused"));
        _metrics.Tell(new ProxyErrorOccurred("", "NoRoute"));
        _metrics.Tell(new ProxyErrorOccurred("", "BadRequest"));

        await AssertExportedAsync(
            "paralarva_errors_total{service=\"web\",kind=\"member_timeout\"} 2",
            "paralarva_errors_total{service=\"web\",kind=\"member_refused\"} 1",
            "paralarva_errors_total{service=\"none\",kind=\"no_route\"} 1",
            "paralarva_errors_total{service=\"none\",kind=\"bad_request\"} 1");
    }

    [Fact]
    public async Task ClientConnectionEvents_OpenGaugeAndAcceptedCounter()
    {
        _metrics.Tell(ClientConnectionOpened.Instance);
        _metrics.Tell(ClientConnectionOpened.Instance);
        _metrics.Tell(ClientConnectionOpened.Instance);
        _metrics.Tell(ClientConnectionClosed.Instance);
        _metrics.Tell(ClientConnectionRejected.Instance);

        await AssertExportedAsync(
            "paralarva_client_connections_open 2",
            "paralarva_client_connections_accepted_total 3",
            "paralarva_client_connections_rejected_total 1");
    }

    [Fact]
    public async Task MemberConnectionEvents_OpenGaugePerMember()
    {
        _metrics.Tell(new MemberConnectionOpened("web", "10.0.0.1:9000"));
        _metrics.Tell(new MemberConnectionOpened("web", "10.0.0.1:9000"));
        _metrics.Tell(new MemberConnectionOpened("web", "10.0.0.2:9000"));
        _metrics.Tell(new MemberConnectionClosed("web", "10.0.0.1:9000"));

        await AssertExportedAsync(
            "paralarva_member_connections_open{service=\"web\",member=\"10.0.0.1:9000\"} 1",
            "paralarva_member_connections_open{service=\"web\",member=\"10.0.0.2:9000\"} 1");
    }

    [Fact]
    public async Task HealthCheckCompleted_CountedByResult_AvailableSecondsBetweenPassedChecks()
    {
        _metrics.Tell(new MemberStarted("web", "10.0.0.1:9000", ActivelyChecked: true));
        _metrics.Tell(new HealthCheckCompleted("web", "10.0.0.1:9000", HealthCheckResult.Success, TimeSpan.FromSeconds(100)));
        _metrics.Tell(new HealthCheckCompleted("web", "10.0.0.1:9000", HealthCheckResult.Success, TimeSpan.FromSeconds(105)));
        _metrics.Tell(new HealthCheckCompleted("web", "10.0.0.1:9000", HealthCheckResult.Timeout, TimeSpan.FromSeconds(110)));
        _metrics.Tell(new HealthCheckCompleted("web", "10.0.0.1:9000", HealthCheckResult.BadStatus, TimeSpan.FromSeconds(115)));
        _metrics.Tell(new HealthCheckCompleted("web", "10.0.0.1:9000", HealthCheckResult.ConnectionFailed, TimeSpan.FromSeconds(120)));
        _metrics.Tell(new HealthCheckCompleted("web", "10.0.0.1:9000", HealthCheckResult.Success, TimeSpan.FromSeconds(125.5)));

        await AssertExportedAsync(
            "paralarva_health_checks_total{service=\"web\",member=\"10.0.0.1:9000\",result=\"success\"} 3",
            "paralarva_health_checks_total{service=\"web\",member=\"10.0.0.1:9000\",result=\"timeout\"} 1",
            "paralarva_health_checks_total{service=\"web\",member=\"10.0.0.1:9000\",result=\"bad_status\"} 1",
            "paralarva_health_checks_total{service=\"web\",member=\"10.0.0.1:9000\",result=\"connection_failed\"} 1",
            "paralarva_member_available_seconds_total{service=\"web\",member=\"10.0.0.1:9000\"} 10.5",
            "paralarva_service_available_seconds_total{service=\"web\"} 10.5");
    }

    [Fact]
    public async Task MemberStarted_AvailabilitySeriesExportedAtZero()
    {
        _metrics.Tell(new MemberStarted("web", "10.0.0.1:9000", ActivelyChecked: true));

        await AssertExportedAsync(
            "paralarva_member_available_seconds_total{service=\"web\",member=\"10.0.0.1:9000\"} 0",
            "paralarva_service_available_seconds_total{service=\"web\"} 0");
    }

    [Fact]
    public async Task MembersWithoutChecks_AvailableSecondsGrowOnlyWhileTheyTakeTraffic()
    {
        const string a = "paralarva_member_available_seconds_total{service=\"api\",member=\"10.0.0.1:9000\"}";
        const string b = "paralarva_member_available_seconds_total{service=\"api\",member=\"10.0.0.2:9000\"}";
        _metrics.Tell(new MemberStarted("api", "10.0.0.1:9000", ActivelyChecked: false));
        _metrics.Tell(new MemberStarted("api", "10.0.0.2:9000", ActivelyChecked: false));

        // Accounted every second by the actor's own timer, from the scheduler's clock.
        await AwaitAssertAsync(async () => Assert.True(Sample(await ExportAsync(), a) >= 1), Wait, Poll);

        // Once a is ejected (and the marker behind it counted, so the change was applied), only b's time grows.
        _metrics.Tell(new MemberStatusChanged("api", "10.0.0.1:9000", Healthy: true, Ejected: true));
        _metrics.Tell(new RequestCompleted("marker", 200, 0.01, 0, 0));
        await AssertExportedAsync("paralarva_requests_total{service=\"marker\",code=\"200\"} 1");
        var before = await ExportAsync();
        await AwaitAssertAsync(async () => Assert.True(Sample(await ExportAsync(), b) >= Sample(before, b) + 2), Wait, Poll);

        var after = await ExportAsync();
        Assert.Equal(Sample(before, a), Sample(after, a));
        const string service = "paralarva_service_available_seconds_total{service=\"api\"}";
        Assert.True(Sample(after, service) >= Sample(before, service) + 2);
    }

    [Fact]
    public async Task Restart_SameRegistry_KeepsExportedValues()
    {
        _metrics.Tell(new RequestCompleted("web", 200, 0.01, 0, 0));
        await AssertExportedAsync("paralarva_requests_total{service=\"web\",code=\"200\"} 1");

        // A second actor on the same registry stands in for a restarted one.
        var second = Sys.ActorOf(MetricsActor.Props(_registry));
        second.Tell(new RequestCompleted("web", 200, 0.01, 0, 0));

        await AssertExportedAsync("paralarva_requests_total{service=\"web\",code=\"200\"} 2");
    }

    private static double Sample(string text, string series) => MetricsReader.Value(text, series) ?? 0;

    private Task AssertExportedAsync(params string[] samples) =>
        AwaitAssertAsync(async () =>
        {
            var lines = (await ExportAsync()).Split('\n');
            foreach (var sample in samples)
                Assert.Contains(sample, lines);
        });

    private Task<string> ExportAsync() => MetricsReader.ExportAsync(_registry);
}
