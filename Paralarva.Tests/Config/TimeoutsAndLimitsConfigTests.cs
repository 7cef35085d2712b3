using Paralarva.Actors.Config;

namespace Paralarva.Tests.Config;

/// <summary>The <c>proxy.timeouts</c> section and the request limits of <c>proxy.limits</c>: defaults, values, errors with line and path.</summary>
public sealed class TimeoutsAndLimitsConfigTests
{
    // The added section starts at line 9.
    private const string Base = """
        proxy:
          listen:
            address: "127.0.0.1"
            port: 8080
          services:
            - name: first
              domain: first.example.com
              hosts: [{address: "10.0.0.1", port: 9090}]
        """;

    [Fact]
    public void Defaults_CloseToNginx()
    {
        var config = Load(Base);

        Assert.Equal(TimeSpan.FromSeconds(60), config.Timeouts.RequestHead);
        Assert.Equal(TimeSpan.FromSeconds(75), config.Timeouts.ClientIdle);
        Assert.Equal(TimeSpan.FromSeconds(60), config.Timeouts.BodyIdle);
        Assert.Equal(100, config.Limits.MaxHeaderCount);
        Assert.Equal(0, config.Limits.MaxRequestBodyBytes);
    }

    [Fact]
    public void Timeouts_EveryKey_Read()
    {
        var config = Load(Base + "\n  timeouts:\n    request_head: 10s\n    client_idle: 2m\n    body_idle: 1500ms\n");

        Assert.Equal(TimeSpan.FromSeconds(10), config.Timeouts.RequestHead);
        Assert.Equal(TimeSpan.FromMinutes(2), config.Timeouts.ClientIdle);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), config.Timeouts.BodyIdle);
    }

    [Fact]
    public void Timeouts_PartialOrEmpty_KeepDefaults()
    {
        Assert.Equal(TimeoutsConfig.Default with { ClientIdle = TimeSpan.FromSeconds(5) },
            Load(Base + "\n  timeouts:\n    client_idle: 5\n").Timeouts);
        Assert.Equal(TimeoutsConfig.Default, Load(Base + "\n  timeouts:\n").Timeouts);
    }

    [Fact]
    public void Limits_NewKeys_Read()
    {
        var config = Load(Base + "\n  limits:\n    max_header_count: 50\n    max_request_body_bytes: 10737418240\n");

        Assert.Equal(50, config.Limits.MaxHeaderCount);
        Assert.Equal(10L * 1024 * 1024 * 1024, config.Limits.MaxRequestBodyBytes);
        Assert.Equal(LimitsConfig.Default.MaxRequestHeadBytes, config.Limits.MaxRequestHeadBytes);
    }

    [Theory]
    [InlineData("timeouts", "request_head: 50ms", "request_head 50ms is outside 100ms-24h")]
    [InlineData("timeouts", "client_idle: soon", "client_idle must be a duration such as 5s, 250ms or 2m, found 'soon'")]
    [InlineData("timeouts", "body_idle: 25h", "body_idle 25h is outside 100ms-24h")]
    [InlineData("timeouts", "request_heda: 5s", "unknown key 'request_heda' (did you mean 'request_head'?)")]
    [InlineData("limits", "max_header_count: 0", "max_header_count 0 is outside 1-524288")]
    [InlineData("limits", "max_request_body_bytes: -1", "max_request_body_bytes -1 is below the minimum of 0")]
    [InlineData("limits", "max_request_body_bytes: 1.5", "max_request_body_bytes must be a whole number, found '1.5'")]
    public void BadValue_IsTheOnlyErrorWithPathAndLine(string section, string line, string message)
    {
        var result = ConfigLoader.LoadText(Base + "\n  " + section + ":\n    " + line + "\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(section + "." + line[..line.IndexOf(':', StringComparison.Ordinal)], error.Path);
        Assert.Equal(10, error.Line);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeoutsNotAMapping_IsReported()
    {
        var error = Assert.Single(ConfigLoader.LoadText(Base + "\n  timeouts: 5s\n").Errors);

        Assert.Equal(("timeouts", 9), (error.Path, error.Line));
        Assert.Equal("expected a mapping of timeouts, found the value '5s'", error.Message);
    }

    private static ProxyConfig Load(string yaml)
    {
        var result = ConfigLoader.LoadText(yaml);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Config;
    }
}
