using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;
using Paralarva.Tests.Deployment;
using Paralarva.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Paralarva.Tests.Prometheus;

/// <summary>
/// A real Prometheus server scraping a real proxy every second and evaluating prometheus/rules/recording.yml:
/// the error ratio, request counts and latency quantiles it computes match the traffic the test sent.
/// </summary>
[Collection(TestCollections.Prometheus)]
public sealed class PrometheusEndToEndTests
{
    private const int FastRequests = 40;
    private const int SlowRequests = 5;
    private const int FailedRequests = 10;
    private static readonly TimeSpan SlowPause = TimeSpan.FromMilliseconds(1200);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);
    private readonly ITestOutputHelper _output;

    public PrometheusEndToEndTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task RecordingRules_KnownTraffic_MatchWhatWasSent()
    {
        // Metrics live in the process-wide default registry: service names of their own keep these series clean.
        var id = Guid.NewGuid().ToString("N")[..8];
        var ok = "prom-ok-" + id + ".example";
        var bad = "prom-bad-" + id + ".example";
        var services = "service=~\"" + ok.Replace(".", "\\\\.", StringComparison.Ordinal) + "|" + bad.Replace(".", "\\\\.", StringComparison.Ordinal) + "\"";

        await using var origin = new TestOrigin("a", req => req.Target == "/slow"
            ? OriginResponse.Ok("slow answer").InPieces(2) with { PieceDelay = SlowPause }
            : OriginResponse.Ok("fast answer"));
        // A bound socket that does not listen: connections to it are refused, so every request to "bad" gets 502.
        using var closedPort = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closedPort.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var deadPort = ((IPEndPoint)closedPort.LocalEndPoint!).Port;
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Proxy(
            TestConfigs.Service(ok, origin),
            // Outlier detection off: an ejected member would turn the later 502s into 503s.
            TestConfigs.Service(bad, StrategyNames.RoundRobin, deadPort) with
            {
                OutlierDetection = OutlierDetectionConfig.Default with { ConsecutiveFailures = 0 },
            }));
        await using var prometheus = await PrometheusServer.StartAsync(Config(proxy.MonitoringPort));

        // Warm-up: one exchange of each kind creates the series; Prometheus then keeps 10 samples of them before
        // the measured traffic, so increase() sees that traffic whole, between two samples.
        await SendAsync(proxy, ok, "/", 200);
        await SendAsync(proxy, ok, "/slow", 200);
        await SendAsync(proxy, bad, "/", 502);
        await WaitForCountersAsync(prometheus, ok, bad, okCount: 2, badCount: 1);
        await prometheus.PollAsync("10 samples of the warm-up counters", WaitLimit, async () =>
        {
            var counts = await prometheus.QueryAsync("count_over_time(paralarva_requests_total{" + services + "}[1m])");
            return counts.Count == 2 && counts.All(s => s.Value >= 10) ? counts : null;
        });

        // The measured traffic: 40 fast successes on one connection, 5 slow successes at once, 10 refusals (502).
        await using (var client = await proxy.ConnectAsync())
        {
            for (var i = 0; i < FastRequests; i++)
                Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get(ok, "/fast/" + i))).StatusCode);
        }

        await Task.WhenAll(Enumerable.Range(0, SlowRequests).Select(_ => SendAsync(proxy, ok, "/slow", 200)));
        for (var i = 0; i < FailedRequests; i++)
            await SendAsync(proxy, bad, "/", 502);

        // Raw counters: exact, warm-up included.
        var final = await WaitForCountersAsync(prometheus, ok, bad, okCount: 2 + FastRequests + SlowRequests, badCount: 1 + FailedRequests);
        // Prometheus's own clock once those counters could be queried. A scrape is stamped when it starts and stored
        // when it ends, so a rule evaluation stamped after the scrape may still have run before it was stored (seen
        // once on a loaded machine: the 5m group read the bad service's old counter, rate 0); one stamped after this
        // time ran after it.
        var finalQueryable = (await prometheus.QuerySingleAsync("vector(time())")).Value;
        var codes = await prometheus.QueryAsync("paralarva_requests_total{" + services + "}");
        Assert.Equal(2, codes.Count);

        // increase() over 1m, evaluated at the last scrape: the measured requests, with Prometheus's extrapolation
        // towards the window's start (at most half a scrape interval over ~10 s of samples) as the only excess.
        var okIncrease = await prometheus.QuerySingleAsync("sum(increase(paralarva_requests_total{service=\"" + ok + "\"}[1m]))", final);
        var badIncrease = await prometheus.QuerySingleAsync("sum(increase(paralarva_requests_total{service=\"" + bad + "\"}[1m]))", final);
        AssertBetween(FastRequests + SlowRequests, (FastRequests + SlowRequests) * 1.2, okIncrease.Value, "increase of ok requests");
        AssertBetween(FailedRequests, FailedRequests * 1.2, badIncrease.Value, "increase of bad requests");

        // The recorded series, once the rules were evaluated on the last counters.
        // (An instant query stamps samples with the query's time: timestamp() gives the evaluation's own.)
        var recordedSeries = "{__name__=~\"service:paralarva_.*\", " + services + "}";
        await prometheus.PollAsync("recording rules evaluated after the last scrape was stored", WaitLimit, async () =>
        {
            // Each rule group is evaluated at one time: one series of each group tells when.
            var evaluated = new List<PrometheusSample>();
            evaluated.AddRange(await prometheus.QueryAsync("timestamp(service:paralarva_requests:rate1m{" + services + "})"));
            evaluated.AddRange(await prometheus.QueryAsync("timestamp(service:paralarva_requests:rate5m{" + services + "})"));
            return evaluated.Count == 4 && evaluated.All(s => s.Value > finalQueryable) ? evaluated : null;
        });
        var recorded = await prometheus.QueryAsync(recordedSeries);
        _output.WriteLine("increase ok " + okIncrease.Value + ", bad " + badIncrease.Value);
        foreach (var sample in recorded)
            _output.WriteLine(sample.ToString());

        double Recorded(string name, string service) =>
            recorded.SingleOrDefault(s => s.Label("__name__") == name && s.Label("service") == service)?.Value
            ?? throw new Xunit.Sdk.XunitException("no " + name + " for " + service + " in: " + string.Join("; ", recorded));

        // Error ratio: 5xx over all requests, by service: none for ok (0, not absent), all for bad.
        Assert.Equal(0, Recorded("service:paralarva_requests_errors:ratio_rate1m", ok));
        Assert.Equal(0, Recorded("service:paralarva_requests_errors:ratio_rate5m", ok));
        Assert.Equal(1, Recorded("service:paralarva_requests_errors:ratio_rate1m", bad), 6);
        Assert.Equal(1, Recorded("service:paralarva_requests_errors:ratio_rate5m", bad), 6);

        // The same expression over both services: 10 errors among 55 requests.
        var overall = await prometheus.QuerySingleAsync(
            "sum(rate(paralarva_requests_total{" + services + ", code=~\"5..\"}[1m])) / sum(rate(paralarva_requests_total{" + services + "}[1m]))",
            final);
        var expectedRatio = (double)FailedRequests / (FastRequests + SlowRequests + FailedRequests);
        AssertBetween(expectedRatio - 0.02, expectedRatio + 0.02, overall.Value, "overall error ratio");

        // Request rate: 45 requests in the 1m window, extrapolated up to the evaluation time.
        var okRate = (FastRequests + SlowRequests) / 60.0;
        AssertBetween(okRate, okRate * 1.25, Recorded("service:paralarva_requests:rate1m", ok), "ok request rate");
        AssertBetween(FailedRequests / 60.0, FailedRequests / 60.0 * 1.25, Recorded("service:paralarva_requests:rate1m", bad), "bad request rate");

        // Latency: 40 fast answers and 5 that took 1.2 s (11%): the median is fast, p95 and p99 fall among the slow
        // ones, interpolated inside their bucket (1 s, 2.5 s]. Bounds are whole buckets: a loaded machine moves
        // the fast answers by milliseconds, not across 250 ms.
        AssertBetween(0, 0.25, Recorded("service:paralarva_request_duration_seconds:p50_1m", ok), "p50");
        AssertBetween(1, 2.5, Recorded("service:paralarva_request_duration_seconds:p95_1m", ok), "p95");
        AssertBetween(1, 2.5, Recorded("service:paralarva_request_duration_seconds:p99_1m", ok), "p99");
        AssertBetween(1, 2.5, Recorded("service:paralarva_request_duration_seconds:p99_5m", ok), "p99 over 5m");
    }

    /// <summary>The scrape configuration of the test: the proxy's monitoring port every second, the repository's recording rules.</summary>
    internal static string Config(int monitoringPort) => string.Join('\n',
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "  evaluation_interval: 1s",
        "rule_files:",
        "  - " + RepositoryPaths.Of("prometheus/rules/recording.yml"),
        "scrape_configs:",
        "  - job_name: paralarva",
        "    static_configs:",
        "      - targets: ['127.0.0.1:" + monitoringPort.ToString(CultureInfo.InvariantCulture) + "']",
        string.Empty);

    private static async Task SendAsync(InProcessProxy proxy, string host, string target, int expectedStatus)
    {
        var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(host, target));
        Assert.Equal(expectedStatus, response.StatusCode);
    }

    /// <summary>Waits until Prometheus scraped exactly these totals (200 for ok, 502 for bad); returns the time of that scrape.</summary>
    private static async Task<double> WaitForCountersAsync(PrometheusServer prometheus, string ok, string bad, int okCount, int badCount)
    {
        var okSeries = "paralarva_requests_total{service=\"" + ok + "\", code=\"200\"}";
        var badSeries = "paralarva_requests_total{service=\"" + bad + "\", code=\"502\"}";
        await prometheus.PollAsync("ok=" + okCount + " and bad=" + badCount + " requests", WaitLimit, async () =>
        {
            var okSample = await prometheus.QueryAsync(okSeries);
            var badSample = await prometheus.QueryAsync(badSeries);
            return okSample is [{ Value: var o }] && o == okCount && badSample is [{ Value: var b }] && b == badCount ? okSample : null;
        });

        // No traffic follows: the latest samples hold the same totals; timestamp() of a selector is the scrape's time.
        var okTime = await prometheus.QuerySingleAsync("timestamp(" + okSeries + ")");
        var badTime = await prometheus.QuerySingleAsync("timestamp(" + badSeries + ")");
        return Math.Max(okTime.Value, badTime.Value);
    }

    private static void AssertBetween(double low, double high, double actual, string what) =>
        Assert.True(actual >= low - 1e-9 && actual <= high + 1e-9,
            what + ": " + actual.ToString(CultureInfo.InvariantCulture) + " not in [" + low.ToString(CultureInfo.InvariantCulture)
            + ", " + high.ToString(CultureInfo.InvariantCulture) + "]");
}
