using System.Text;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Metrics;
using Prometheus;

using Paralarva.Tests.Common;

namespace Paralarva.Tests.Metrics;

/// <summary>The MetricsActor's share of issue 4/5: member status, ejections, load samples and retries.</summary>
public sealed class ResilienceMetricsTests : TestKit
{
    private readonly CollectorRegistry _registry = global::Prometheus.Metrics.NewCustomRegistry();
    private readonly IActorRef _metrics;

    public ResilienceMetricsTests() => _metrics = Sys.ActorOf(MetricsActor.Props(_registry));

    [Fact]
    public async Task MemberStatusChanged_GaugesAndEjectionsCountedOnEachEjection()
    {
        _metrics.Tell(new MemberStatusChanged("web", "10.0.0.1:80", Healthy: true, Ejected: false));
        _metrics.Tell(new MemberStatusChanged("web", "10.0.0.1:80", Healthy: true, Ejected: true));
        _metrics.Tell(new MemberStatusChanged("web", "10.0.0.1:80", Healthy: true, Ejected: false));
        _metrics.Tell(new MemberStatusChanged("web", "10.0.0.1:80", Healthy: false, Ejected: true));

        await AssertExportedAsync(
            "paralarva_member_ejections_total{service=\"web\",member=\"10.0.0.1:80\"} 2",
            "paralarva_member_ejected{service=\"web\",member=\"10.0.0.1:80\"} 1",
            "paralarva_member_healthy{service=\"web\",member=\"10.0.0.1:80\"} 0");
    }

    [Fact]
    public async Task MemberStatusChanged_Initial_ExportsHealthyAndNotEjected()
    {
        _metrics.Tell(new MemberStatusChanged("web", "10.0.0.2:80", Healthy: true, Ejected: false));

        await AssertExportedAsync(
            "paralarva_member_healthy{service=\"web\",member=\"10.0.0.2:80\"} 1",
            "paralarva_member_ejected{service=\"web\",member=\"10.0.0.2:80\"} 0",
            "paralarva_member_ejections_total{service=\"web\",member=\"10.0.0.2:80\"} 0");
    }

    [Fact]
    public async Task MemberLoadSampled_SetsInFlightAndIdleGauges()
    {
        _metrics.Tell(new MemberLoadSampled("web", "10.0.0.1:80", InFlight: 7, IdleConnections: 3));
        _metrics.Tell(new MemberLoadSampled("web", "10.0.0.1:80", InFlight: 2, IdleConnections: 5));

        await AssertExportedAsync(
            "paralarva_member_in_flight_requests{service=\"web\",member=\"10.0.0.1:80\"} 2",
            "paralarva_member_connections_idle{service=\"web\",member=\"10.0.0.1:80\"} 5");
    }

    [Fact]
    public async Task RequestRetried_CountedByReasonAndAsErrorKindRetried()
    {
        _metrics.Tell(new RequestRetried("web", RetryReasons.ConnectRefused));
        _metrics.Tell(new RequestRetried("web", RetryReasons.ConnectRefused));
        _metrics.Tell(new RequestRetried("web", RetryReasons.Timeout));

        await AssertExportedAsync(
            "paralarva_retries_total{service=\"web\",reason=\"connect_refused\"} 2",
            "paralarva_retries_total{service=\"web\",reason=\"timeout\"} 1",
            "paralarva_errors_total{service=\"web\",kind=\"retried\"} 3");
    }

    [Fact]
    public async Task ProxyErrorEjected_KindEjected()
    {
        _metrics.Tell(new ProxyErrorOccurred("web", nameof(Actors.Http.ProxyError.Ejected)));

        await AssertExportedAsync("paralarva_errors_total{service=\"web\",kind=\"ejected\"} 1");
    }

    private Task AssertExportedAsync(params string[] samples) =>
        AwaitAssertAsync(async () =>
        {
            var lines = MetricsReader.Lines(await MetricsReader.ExportAsync(_registry));
            foreach (var sample in samples)
                Assert.Contains(sample, lines);
        });
}
