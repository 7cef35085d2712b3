using System.Globalization;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;
using Paralarva.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Paralarva.Tests.Prometheus;

/// <summary>
/// The availability SLI end to end: real health checks against real origins, a real Prometheus scraping the
/// proxy every second and evaluating prometheus/rules/recording.yml. The recorded ratios match the share of
/// checks each origin passed.
/// </summary>
[Collection(TestCollections.Prometheus)]
public sealed class PrometheusAvailabilityTests(ITestOutputHelper output)
{
    private const string HealthPath = "/healthz";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(150);
    private static readonly HealthCheckConfig Check = new(HealthPath, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200), 2, 3);

    [Fact]
    public async Task AvailabilityRules_HealthChecks_RatioIsTheShareOfTimeCoveredByPassedChecks()
    {
        // Metrics live in the process-wide default registry: service names of their own keep these series clean.
        var id = Guid.NewGuid().ToString("N")[..8];
        var up = "avail-up-" + id + ".example";
        var half = "avail-half-" + id + ".example";
        var down = "avail-down-" + id + ".example";
        var services = "service=~\"avail-(up|half|down)-" + id + "\\\\.example\"";

        // half fails every second check: each passed check covers the interval after a failed one, so half the time.
        var halfChecks = 0;
        await using var upOrigin = new TestOrigin("up");
        await using var halfOrigin = new TestOrigin("half", req =>
            req.Target == HealthPath && Interlocked.Increment(ref halfChecks) % 2 == 0 ? OriginResponse.Empty(503) : OriginResponse.Ok("half"));
        await using var downOrigin = new TestOrigin("down", _ => OriginResponse.Empty(503));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Proxy(
            TestConfigs.Service(up, upOrigin) with { HealthCheck = Check },
            TestConfigs.Service(half, halfOrigin) with { HealthCheck = Check },
            TestConfigs.Service(down, downOrigin) with { HealthCheck = Check }));
        await using var prometheus = await PrometheusServer.StartAsync(PrometheusEndToEndTests.Config(proxy.MonitoringPort));

        // rate(...[1m]) divides by the whole minute: wait until the series are older than the window, so that
        // the rules' window is covered by samples rather than extrapolated.
        await prometheus.PollAsync("65 s of availability samples", WaitLimit, async () =>
        {
            var counts = await prometheus.QueryAsync("count_over_time(paralarva_service_available_seconds_total{" + services + "}[75s])");
            return counts.Count == 3 && counts.All(s => s.Value >= 65) ? counts : null;
        });
        var recorded = await prometheus.PollAsync("the 1m availability of the three services", WaitLimit, async () =>
        {
            var samples = await prometheus.QueryAsync("service:paralarva_availability:ratio_rate1m{" + services + "}");
            return samples.Count == 3 ? samples : null;
        });
        var members = await prometheus.QueryAsync("paralarva_health_checks_total{" + services + "}");
        foreach (var sample in recorded.Concat(members))
            output.WriteLine(sample.ToString());

        double Ratio(string service) => recorded.Single(s => s.Label("service") == service).Value;

        // Extrapolation to the window's edges and check timing on a loaded machine move these a little.
        AssertBetween(0.95, 1.05, Ratio(up), "up");
        AssertBetween(0.35, 0.65, Ratio(half), "half");
        Assert.Equal(0, Ratio(down));

        // The checks behind them, by result: up and half passed some, down none.
        Assert.Contains(members, s => s.Label("service") == up && s.Label("result") == "success" && s.Value > 0);
        Assert.Contains(members, s => s.Label("service") == half && s.Label("result") == "bad_status" && s.Value > 0);
        Assert.DoesNotContain(members, s => s.Label("service") == down && s.Label("result") == "success");
    }

    private static void AssertBetween(double low, double high, double actual, string what) =>
        Assert.True(actual >= low && actual <= high,
            what + ": " + actual.ToString(CultureInfo.InvariantCulture) + " not in [" + low.ToString(CultureInfo.InvariantCulture)
            + ", " + high.ToString(CultureInfo.InvariantCulture) + "]");
}
