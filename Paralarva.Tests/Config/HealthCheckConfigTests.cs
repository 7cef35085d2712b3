using Paralarva.Actors.Config;

namespace Paralarva.Tests.Config;

public sealed class HealthCheckConfigTests
{
    // The health_check mapping starts on line 9; each of its keys is on its own line after it.
    private const string Head = """
        proxy:
          listen:
            address: "127.0.0.1"
            port: 8080
          services:
            - name: web
              domain: web.example.com
              hosts: [{address: "10.0.0.1", port: 9090}]
              health_check:

        """;

    private static ConfigLoadResult Load(params string[] keys) =>
        ConfigLoader.LoadText(Head + string.Concat(keys.Select(k => "        " + k + "\n")));

    [Fact]
    public void LoadText_NoHealthCheck_ServiceHasNone()
    {
        var result = ConfigLoader.LoadText(Head.Replace("      health_check:\n", "", StringComparison.Ordinal));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Null(Assert.Single(result.Config.Services).HealthCheck);
    }

    [Fact]
    public void LoadText_OnlyPath_DefaultsLikeThePlan()
    {
        var result = Load("path: /healthz");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(
            new HealthCheckConfig("/healthz", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), 2, 3),
            Assert.Single(result.Config.Services).HealthCheck);
    }

    [Fact]
    public void LoadText_EveryKey_Read()
    {
        var result = Load("path: /status?full=1", "interval: 10s", "timeout: 500ms", "healthy_threshold: 1", "unhealthy_threshold: 5");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(
            new HealthCheckConfig("/status?full=1", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500), 1, 5),
            Assert.Single(result.Config.Services).HealthCheck);
    }

    [Fact]
    public void LoadText_IntervalShorterThanDefaultTimeout_TimeoutShortenedToTheInterval()
    {
        var result = Load("path: /", "interval: 200ms");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(TimeSpan.FromMilliseconds(200), Assert.Single(result.Config.Services).HealthCheck!.Timeout);
    }

    [Theory]
    [InlineData("path: healthz", "health_check.path", 10, "path must start with '/', found 'healthz'")]
    [InlineData("path: \"/a b\"", "health_check.path", 10, "path must not contain spaces")]
    [InlineData("path: [/a]", "health_check.path", 10, "expected a request path such as /healthz, found a list")]
    [InlineData("interval: 5", "health_check.path", 10, "missing required key 'path'")]
    [InlineData("path: /\n        interval: 50ms", "health_check.interval", 11, "interval 50ms is outside 100ms-1h")]
    [InlineData("path: /\n        interval: often", "health_check.interval", 11, "interval must be a duration such as 5s")]
    [InlineData("path: /\n        timeout: 0ms", "health_check.timeout", 11, "timeout 0ms is outside 10ms-1h")]
    [InlineData("path: /\n        interval: 1s\n        timeout: 2s", "health_check.timeout", 12, "timeout 2s is longer than interval 1s")]
    [InlineData("path: /\n        healthy_threshold: 0", "health_check.healthy_threshold", 11, "healthy_threshold 0 is outside 1-100")]
    [InlineData("path: /\n        unhealthy_threshold: many", "health_check.unhealthy_threshold", 11, "unhealthy_threshold must be a whole number")]
    [InlineData("path: /\n        intervall: 1s", "health_check.intervall", 11, "unknown key 'intervall' (did you mean 'interval'?)")]
    public void LoadText_BadHealthCheck_ReportedWithPathAndLine(string keys, string path, int line, string message)
    {
        var result = Load(keys);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal("services[0]." + path, error.Path);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_HealthCheckNotAMapping_Reported()
    {
        var result = ConfigLoader.LoadText(Head.Replace("health_check:\n", "health_check: /healthz\n", StringComparison.Ordinal));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("services[0].health_check", 9), (error.Path, error.Line));
        Assert.Contains("expected a health_check mapping with at least a path, found the value '/healthz'", error.Message, StringComparison.Ordinal);
    }
}
