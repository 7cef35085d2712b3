using Paralarva.Actors.Config;

namespace Paralarva.Tests.Deployment;

/// <summary>
/// The chart refuses mistakes before a pod starts: the schema is closed down to every proxy key, like the
/// proxy's own validator (a typo in any section fails helm, and the proxy would refuse it too), and values
/// that would render a broken release (a grace period shorter than the drain, a budget that blocks every
/// node drain, an autoscaler without a metric) fail the render with a message saying what to change.
/// </summary>
public sealed class ChartRefusalsTests
{
    /// <summary>Every section of the proxy configuration, each key set: helm and the proxy both accept it.</summary>
    private const string FullConfig = """
        config:
          proxy:
            listen: {address: 127.0.0.1, port: 8080}
            limits: {max_request_head_bytes: 16384, max_header_count: 100, max_request_body_bytes: 0, max_client_connections: 10000, max_connections_per_member: 512}
            timeouts: {request_head: 60s, client_idle: 75s, body_idle: 60s, connect: 5s, member_idle: 4s, member_queue: 5s}
            access_log: stdout
            metrics: "on"
            shutdown: {grace_period: 5s, drain_timeout: 30s}
            rate_limit: {requests_per_second: 50, burst: 100}
            max_connections_per_client: 50
            allow: ["10.0.0.0/8", "::1"]
            deny: ["10.9.0.0/16"]
            services:
              - name: api
                domain: api.example.com
                strategy: least_requests
                max_retries: 2
                when_all_members_down: panic
                dns_refresh_interval: 30s
                outlier_detection: {consecutive_failures: 5, consecutive_5xx: 0, base_ejection_time: 30s, max_ejection_time: 300s}
                health_check: {path: /healthz, interval: 5s, timeout: 2s, healthy_threshold: 2, unhealthy_threshold: 3}
                rate_limit: {requests_per_second: 0.5}
                max_connections_per_client: 0
                allow: []
                deny: ["2001:db8::/32"]
                hosts:
                  - {address: 10.0.0.1, port: 9000, weight: 3}
        """;

    /// <summary>(section, text to replace in <see cref="FullConfig"/>, the same with a typo, where helm reports it).</summary>
    public static TheoryData<string, string, string, string> Typos => new()
    {
        { "proxy", "access_log: stdout", "acess_log: stdout", "/config/proxy" },
        { "listen", "{address: 127.0.0.1, port: 8080}", "{address: 127.0.0.1, prot: 8080}", "/config/proxy/listen" },
        { "limits", "max_header_count: 100", "max_headers_count: 100", "/config/proxy/limits" },
        { "timeouts", "client_idle: 75s", "client_idel: 75s", "/config/proxy/timeouts" },
        { "shutdown", "drain_timeout: 30s", "drain_timout: 30s", "/config/proxy/shutdown" },
        { "services[0]", "max_retries: 2", "max_retry: 2", "/config/proxy/services/0" },
        { "outlier_detection", "consecutive_5xx: 0", "consecutive_500: 0", "/config/proxy/services/0/outlier_detection" },
        { "health_check", "healthy_threshold: 2", "healty_threshold: 2", "/config/proxy/services/0/health_check" },
        { "hosts[0]", "weight: 3", "wieght: 3", "/config/proxy/services/0/hosts/0" },
        { "rate_limit", "{requests_per_second: 50, burst: 100}", "{requests_per_second: 50, brust: 100}", "/config/proxy/rate_limit" },
    };

    /// <summary>Values the proxy's validator refuses, refused by the schema as well.</summary>
    public static TheoryData<string, string, string> BadValues => new()
    {
        { "strategy: least_requests", "strategy: fastest", "/config/proxy/services/0/strategy" },
        { "when_all_members_down: panic", "when_all_members_down: retry", "/config/proxy/services/0/when_all_members_down" },
        { "max_retries: 2", "max_retries: 11", "/config/proxy/services/0/max_retries" },
        { "max_request_head_bytes: 16384", "max_request_head_bytes: 100", "/config/proxy/limits/max_request_head_bytes" },
        { "connect: 5s", "connect: five seconds", "/config/proxy/timeouts/connect" },
        { "path: /healthz", "path: healthz", "/config/proxy/services/0/health_check/path" },
        { "weight: 3", "weight: 0", "/config/proxy/services/0/hosts/0/weight" },
        { "metrics: \"on\"", "metrics: sometimes", "/config/proxy/metrics" },
        { "rate_limit: {requests_per_second: 0.5}", "rate_limit: {requests_per_second: 0}", "/config/proxy/services/0/rate_limit" },
        { "max_connections_per_client: 50", "max_connections_per_client: -1", "/config/proxy/max_connections_per_client" },
        { "deny: [\"2001:db8::/32\"]", "deny: [\"2001:db8::/x\"]", "/config/proxy/services/0/deny/0" },
    };

    [Fact]
    public async Task Schema_EveryProxyKeySet_HelmAndTheProxyAccept()
    {
        var file = await WriteValuesAsync(FullConfig);
        try
        {
            var manifests = await HelmTool.RenderAsync([file]);

            var loaded = ConfigLoader.LoadText(manifests.ConfigYaml);
            Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
            Assert.True((await HelmTool.LintAsync([file])).Succeeded);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [MemberData(nameof(Typos))]
    public async Task Schema_TypoInEachSection_HelmRefusesAsTheProxyWould(string section, string correct, string typo, string location)
    {
        var yaml = Replace(FullConfig, correct, typo);
        // The proxy's own validator refuses the same file: the schema mirrors it, it does not invent rules.
        var proxyConfig = yaml[(yaml.IndexOf("  proxy:", StringComparison.Ordinal))..].Replace("\n  ", "\n", StringComparison.Ordinal).TrimStart();
        Assert.False(ConfigLoader.LoadText(proxyConfig).IsValid, section + ": the proxy accepts the typo");

        var result = await RenderAsync(yaml);

        Assert.False(result.Succeeded, section + ": helm accepted\n" + yaml);
        Assert.Contains("additional properties", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(location, result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Schema_ValueTheProxyRefuses_HelmRefuses(string correct, string bad, string location)
    {
        var result = await RenderAsync(Replace(FullConfig, correct, bad));

        Assert.False(result.Succeeded, "helm accepted " + bad);
        Assert.Contains(location, result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("terminationGracePeriodSeconds: 35", "must exceed the proxy's shutdown")]
    [InlineData("terminationGracePeriodSeconds: 40\nlifecycle: {preStop: {sleep: {seconds: 5}}}", "preStop sleep = 40 s")]
    [InlineData("podDisruptionBudget: {enabled: true, minAvailable: 1, maxUnavailable: null}", "would block every node drain")]
    [InlineData("replicaCount: 3\npodDisruptionBudget: {enabled: true, minAvailable: 3, maxUnavailable: null}", "would block every node drain")]
    [InlineData("podDisruptionBudget: {enabled: true, minAvailable: 50%, maxUnavailable: null}", "would block every node drain")]
    [InlineData("autoscaling: {enabled: true, targetCPUUtilizationPercentage: null}", "needs a metric")]
    [InlineData("autoscaling: {enabled: true, minReplicas: 5, maxReplicas: 3}", "must not exceed")]
    public async Task Template_ValuesThatBreakTheRelease_RenderFailsSayingWhy(string values, string message)
    {
        var result = await RenderAsync(values);

        Assert.False(result.Succeeded, "helm rendered\n" + values);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
    }

    private static string Replace(string text, string from, string to)
    {
        Assert.Contains(from, text, StringComparison.Ordinal);
        return text.Replace(from, to, StringComparison.Ordinal);
    }

    private static async Task<ToolResult> RenderAsync(string values)
    {
        var file = await WriteValuesAsync(values);
        try
        {
            return await HelmTool.TemplateAsync([file]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> WriteValuesAsync(string values)
    {
        var file = Path.Combine(Path.GetTempPath(), "paralarva-values-" + Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(file, values + "\n");
        return file;
    }
}
