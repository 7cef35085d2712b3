using System.Text.Json;
using System.Text.RegularExpressions;
using Paralarva.Tests.Deployment;

namespace Paralarva.Tests.Prometheus;

/// <summary>
/// The chart's ServiceMonitor and PrometheusRule together, in a real Prometheus scraping a running Paralarva
/// (<see cref="ChartMonitoringStack"/>): the targets get the job the alerts select, every rule loads and
/// evaluates, ParalarvaAbsent stays quiet while the target exists and ParalarvaInstanceDown goes pending
/// when the proxy stops; and every query of the Grafana dashboard returns data.
/// </summary>
public sealed partial class ChartMonitoringTests
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ServiceMonitorAndRules_RunningProxy_AlertsSeeTheTargetAndInstanceDownFires()
    {
        await using var stack = await ChartMonitoringStack.StartAsync();
        var prometheus = stack.Prometheus;

        Assert.Equal("paralarva", stack.Job);
        await prometheus.PollAsync("the target up with job " + stack.Job, WaitLimit, async () =>
            await prometheus.QueryAsync("up{job=\"paralarva\"} == 1") is [_] found ? found : null);

        // Every group of the PrometheusRule loaded, and every rule evaluated without an error.
        await prometheus.PollAsync("every rule evaluated", WaitLimit, async () =>
        {
            using var rules = JsonDocument.Parse(await prometheus.GetAsync("/api/v1/rules"));
            var all = rules.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
                .SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
            Assert.Equal(stack.RuleCount, all.Count);
            Assert.All(all, r => Assert.NotEqual("err", r.GetProperty("health").GetString()));
            return all.All(r => r.GetProperty("health").GetString() == "ok") ? all : null;
        });
        // An evaluation before the first scrape may have found the target absent (ParalarvaAbsent pending): the next
        // one, with the target up, must clear it, and neither alert may stay.
        await prometheus.PollAsync("ParalarvaAbsent and ParalarvaInstanceDown quiet", WaitLimit, async () =>
            await prometheus.QueryAsync("ALERTS{alertname=~\"ParalarvaAbsent|ParalarvaInstanceDown\"}") is [] ? "quiet" : null);

        // The proxy stops: the same job's up turns 0 and the alert's condition holds (pending for its 1m "for").
        await stack.Proxy.DisposeAsync();
        await prometheus.PollAsync("ParalarvaInstanceDown pending", WaitLimit, async () =>
            await prometheus.QueryAsync("ALERTS{alertname=\"ParalarvaInstanceDown\", alertstate=\"pending\", job=\"paralarva\"}") is [_] found
                ? found
                : null);
    }

    [Fact]
    public async Task Dashboard_EveryPanelQuery_ReturnsDataFromARunningProxy()
    {
        var queries = DashboardQueries();
        Assert.True(queries.Count >= 20, "the dashboard has " + queries.Count + " queries");
        await using var stack = await ChartMonitoringStack.StartAsync();
        var prometheus = stack.Prometheus;
        // A counter appears with its first value: rates need a scrape of it before the load they measure.
        await stack.SendLoadAsync();
        await prometheus.PollAsync("the first load scraped", WaitLimit, async () =>
            await prometheus.QueryAsync("paralarva_requests_total{service=\"" + stack.BadDomain + "\"}") is [_] found ? found : null);
        await stack.SendLoadAsync();
        await prometheus.PollAsync("the second load scraped and recorded", WaitLimit, async () =>
            await prometheus.QueryAsync("service:paralarva_slo_availability_errors:ratio_rate5m{service=\"" + stack.BadDomain + "\"} == 1") is [_] found
                ? found
                : null);

        var empty = new List<string>();
        foreach (var (title, expr) in queries)
        {
            // Grafana's variables: every service, a 1m rate interval, a 5m range.
            var query = expr.Replace("$service", ".*", StringComparison.Ordinal)
                .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
                .Replace("$__range", "5m", StringComparison.Ordinal);
            Assert.DoesNotContain("$", query, StringComparison.Ordinal);
            var found = await prometheus.PollAsync(title + ": " + query, WaitLimit, async () =>
            {
                var samples = await prometheus.QueryAsync(query);
                return samples.Count > 0 ? samples : null;
            });
            if (found.All(s => double.IsNaN(s.Value)))
                empty.Add(title + ": " + query);
        }

        Assert.Empty(empty);
    }

    [Fact]
    public void Dashboard_Json_ImportableWithTheDatasourceAsAVariable()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var root = json.RootElement;
        Assert.Equal("paralarva", root.GetProperty("uid").GetString());
        var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray().ToList();
        var datasource = Assert.Single(variables, v => v.GetProperty("type").GetString() == "datasource");
        Assert.Equal("prometheus", datasource.GetProperty("query").GetString());
        var name = datasource.GetProperty("name").GetString();
        // No panel or query names a datasource of its own: all use the variable.
        foreach (var panel in root.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row"))
        {
            Assert.Equal("${" + name + "}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            if (panel.TryGetProperty("targets", out var targets))
            {
                foreach (var target in targets.EnumerateArray())
                    Assert.Equal("${" + name + "}", target.GetProperty("datasource").GetProperty("uid").GetString());
            }
        }

        var titles = root.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("title").GetString()!).ToList();
        foreach (var required in new[] { "Request rate", "Error ratio", "Latency percentiles", "budget left", "Member health", "Ejections", "connections", "reloads" })
            Assert.Contains(titles, t => t.Contains(required, StringComparison.OrdinalIgnoreCase));
    }

    private static string DashboardPath => RepositoryPaths.Of("prometheus/grafana/paralarva-dashboard.json");

    private static List<(string Title, string Expr)> DashboardQueries()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var queries = new List<(string, string)>();
        foreach (var panel in json.RootElement.GetProperty("panels").EnumerateArray())
        {
            if (!panel.TryGetProperty("targets", out var targets))
                continue;
            foreach (var target in targets.EnumerateArray())
                queries.Add((panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!));
        }

        return queries;
    }
}
