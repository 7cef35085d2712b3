using System.Globalization;
using System.Text;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Metrics;
using Prometheus;

using Paralarva.Tests.Common;

namespace Paralarva.Tests.Metrics;

/// <summary>Issue 5 "Configuration: reloads by result, and the running configuration's hash as an info metric"; members removed by reloads.</summary>
public sealed class ReloadMetricsTests : TestKit
{
    private readonly CollectorRegistry _registry = global::Prometheus.Metrics.NewCustomRegistry();
    private readonly IActorRef _metrics;

    public ReloadMetricsTests() => _metrics = Sys.ActorOf(MetricsActor.Props(_registry));

    [Fact]
    public async Task ConfigReloaded_CountedByResult_EveryResultExportedFromTheStart()
    {
        await AssertExportedAsync(
            "paralarva_config_reloads_total{result=\"success\"} 0",
            "paralarva_config_reloads_total{result=\"failure\"} 0",
            "paralarva_config_reloads_total{result=\"restart_required\"} 0");

        _metrics.Tell(new ConfigReloaded(ReloadResults.Success));
        _metrics.Tell(new ConfigReloaded(ReloadResults.Failure));
        _metrics.Tell(new ConfigReloaded(ReloadResults.Failure));
        _metrics.Tell(new ConfigReloaded(ReloadResults.RestartRequired));

        await AssertExportedAsync(
            "paralarva_config_reloads_total{result=\"success\"} 1",
            "paralarva_config_reloads_total{result=\"failure\"} 2",
            "paralarva_config_reloads_total{result=\"restart_required\"} 1");
    }

    [Fact]
    public async Task ConfigApplied_NewHash_ReplacesTheInfoSeriesAndStampsTheTime()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        _metrics.Tell(new ConfigApplied("aaaaaaaaaaaa"));
        await AssertExportedAsync("paralarva_config_info{hash=\"aaaaaaaaaaaa\"} 1");

        _metrics.Tell(new ConfigApplied("bbbbbbbbbbbb"));

        await AwaitAssertAsync(async () =>
        {
            var lines = (await ExportAsync()).Split('\n');
            Assert.Contains("paralarva_config_info{hash=\"bbbbbbbbbbbb\"} 1", lines);
            Assert.DoesNotContain(lines, l => l.Contains("aaaaaaaaaaaa", StringComparison.Ordinal));
            var stamp = Assert.Single(lines, l => l.StartsWith("paralarva_config_last_reload_success_timestamp_seconds ", StringComparison.Ordinal));
            Assert.InRange(double.Parse(stamp.Split(' ')[1], CultureInfo.InvariantCulture), before, before + 60);
        });
    }

    [Fact]
    public async Task DnsResolutionFailed_CountedPerService()
    {
        _metrics.Tell(new DnsResolutionFailed("api"));
        _metrics.Tell(new DnsResolutionFailed("api"));

        await AssertExportedAsync("paralarva_dns_resolution_failures_total{service=\"api\"} 2");
    }

    [Fact]
    public async Task MemberRemoved_ItsSeriesAreNoLongerExported_OthersStay()
    {
        _metrics.Tell(new MemberConnectionOpened("web", "10.0.0.1:80"));
        _metrics.Tell(new MemberConnectionOpened("web", "10.0.0.2:80"));
        _metrics.Tell(new UpstreamCompleted("web", "10.0.0.1:80", 0.001, 0.002));
        await AssertExportedAsync("paralarva_member_connections_open{service=\"web\",member=\"10.0.0.1:80\"} 1");

        _metrics.Tell(new MemberRemoved("web", "10.0.0.1:80"));

        await AwaitAssertAsync(async () =>
        {
            var text = await ExportAsync();
            Assert.DoesNotContain("10.0.0.1:80", text, StringComparison.Ordinal);
            Assert.Contains("paralarva_member_connections_open{service=\"web\",member=\"10.0.0.2:80\"} 1", text, StringComparison.Ordinal);
        });
    }

    private Task AssertExportedAsync(params string[] samples) =>
        AwaitAssertAsync(async () =>
        {
            var lines = (await ExportAsync()).Split('\n');
            foreach (var sample in samples)
                Assert.Contains(sample, lines);
        });

    private Task<string> ExportAsync() => MetricsReader.ExportAsync(_registry);
}
