using Paralarva.Actors.Config;

namespace Paralarva.Tests.Config;

/// <summary><c>rate_limit</c>, <c>max_connections_per_client</c>, <c>allow</c>, <c>deny</c>: per service and under <c>proxy:</c>.</summary>
public sealed class ClientPolicyConfigTests
{
    private static string ServiceKeys(string lines) =>
        ConfigTexts.MinimalWithService.Replace("domain: svc.example.com", "domain: svc.example.com\n      " + lines.Replace("\n", "\n      ", StringComparison.Ordinal), StringComparison.Ordinal);

    private static ProxyConfig Valid(string yaml)
    {
        var result = ConfigLoader.LoadText(yaml);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Config;
    }

    [Fact]
    public void Absent_NoPolicy()
    {
        var config = Valid(ConfigTexts.MinimalWithService);

        Assert.Same(ClientPolicyConfig.None, config.ClientPolicy);
        Assert.Same(ClientPolicyConfig.None, config.Services[0].ClientPolicy);
        Assert.True(config.Services[0].ClientPolicy.IsEmpty);
    }

    [Fact]
    public void Service_AllKeys_Read()
    {
        var policy = Valid(ServiceKeys("""
            rate_limit: { requests_per_second: 100, burst: 200 }
            max_connections_per_client: 20
            allow: ["10.0.0.0/8", "::1/128", "192.168.1.7"]
            deny: ["10.1.0.0/16"]
            """)).Services[0].ClientPolicy;

        Assert.Equal(new RateLimitConfig(100, 200), policy.RateLimit);
        Assert.Equal(20, policy.MaxConnectionsPerClient);
        Assert.Equal(["10.0.0.0/8", "::1/128", "192.168.1.7/32"], policy.Allow!.Value.Select(static b => b.Text));
        Assert.Equal(["10.1.0.0/16"], policy.Deny!.Value.Select(static b => b.Text));
    }

    [Theory]
    [InlineData("10", 10.0, 10)]
    [InlineData("0.5", 0.5, 1)]
    [InlineData("2.5", 2.5, 3)]
    public void RateLimit_BurstOmitted_DefaultsToTheRateRoundedUp(string rate, double expectedRate, int expectedBurst)
    {
        var policy = Valid(ServiceKeys("rate_limit: { requests_per_second: " + rate + " }")).Services[0].ClientPolicy;

        Assert.Equal(new RateLimitConfig(expectedRate, expectedBurst), policy.RateLimit);
    }

    [Fact]
    public void Global_AllKeys_Read()
    {
        var policy = Valid(ConfigTexts.WithProxyKeys("""
              rate_limit: { requests_per_second: 5 }
              max_connections_per_client: 3
              allow: ["2001:db8::/32"]
              deny: ["2001:db8:1::/48"]
            """)).ClientPolicy;

        Assert.Equal(new RateLimitConfig(5, 5), policy.RateLimit);
        Assert.Equal(3, policy.MaxConnectionsPerClient);
        Assert.Equal("2001:db8::/32", Assert.Single(policy.Allow!.Value).Text);
        Assert.Equal("2001:db8:1::/48", Assert.Single(policy.Deny!.Value).Text);
    }

    [Fact]
    public void Service_OffAndZeroAndEmptyList_OverrideTheGlobalDefaults()
    {
        var policy = Valid(ServiceKeys("rate_limit: off\nmax_connections_per_client: 0\nallow: []")).Services[0].ClientPolicy;

        Assert.Same(RateLimitConfig.Off, policy.RateLimit);
        Assert.Equal(0, policy.MaxConnectionsPerClient);
        Assert.Empty(policy.Allow!.Value);
        Assert.True(policy.IsEmpty);
    }

    [Fact]
    public void HostBitsSet_ClearedAsNginxDoes()
    {
        var policy = Valid(ServiceKeys("deny: [\"10.1.2.3/8\", \"2001:db8::1/32\"]")).Services[0].ClientPolicy;

        Assert.Equal(["10.0.0.0/8", "2001:db8::/32"], policy.Deny!.Value.Select(static b => b.Text));
    }

    [Theory]
    [InlineData("rate_limit: { requests_per_second: 0 }", "services[0].rate_limit.requests_per_second", "outside 0.01-1000000")]
    [InlineData("rate_limit: { requests_per_second: -1 }", "services[0].rate_limit.requests_per_second", "must be a number")]
    [InlineData("rate_limit: { requests_per_second: 1e3 }", "services[0].rate_limit.requests_per_second", "must be a number")]
    [InlineData("rate_limit: { requests_per_second: 2000000 }", "services[0].rate_limit.requests_per_second", "outside 0.01-1000000")]
    [InlineData("rate_limit: { requests_per_second: 10, burst: 0 }", "services[0].rate_limit.burst", "outside 1-1000000")]
    [InlineData("rate_limit: { requests_per_second: 10, burst: 1.5 }", "services[0].rate_limit.burst", "whole number")]
    [InlineData("rate_limit: { burst: 10 }", "services[0].rate_limit.requests_per_second", "missing required key")]
    [InlineData("rate_limit: { requests_per_second: 1, brust: 2 }", "services[0].rate_limit.brust", "did you mean 'burst'")]
    [InlineData("rate_limit: 10", "services[0].rate_limit", "expected a mapping")]
    [InlineData("max_connections_per_client: -1", "services[0].max_connections_per_client", "outside 0-1000000")]
    [InlineData("max_connections_per_client: many", "services[0].max_connections_per_client", "whole number")]
    [InlineData("allow: 10.0.0.0/8", "services[0].allow", "expected a list")]
    [InlineData("allow: [\"10.0.0.0/33\"]", "services[0].allow[0]", "bad prefix length; expected 0-32")]
    [InlineData("allow: [\"::1/129\"]", "services[0].allow[0]", "bad prefix length; expected 0-128")]
    [InlineData("allow: [\"10.0.0.0/\"]", "services[0].allow[0]", "bad prefix length")]
    [InlineData("allow: [\"10.0.0.0/08\"]", "services[0].allow[0]", "bad prefix length")]
    [InlineData("allow: [\"10.0.0.0/8/8\"]", "services[0].allow[0]", "bad prefix length")]
    [InlineData("deny: [\"10.0.0/8\"]", "services[0].deny[0]", "is not an address or CIDR block")]
    [InlineData("deny: [\"010.0.0.0/8\"]", "services[0].deny[0]", "is not an address or CIDR block")]
    [InlineData("deny: [\"fe80::1%eth0/64\"]", "services[0].deny[0]", "is not an address or CIDR block")]
    [InlineData("deny: [\"example.com\"]", "services[0].deny[0]", "is not an address or CIDR block")]
    [InlineData("deny: [[\"10.0.0.0/8\"]]", "services[0].deny[0]", "expected an address or CIDR block")]
    public void Service_Invalid_ReportedWithPathAndLine(string line, string path, string message)
    {
        var error = Assert.Single(ConfigLoader.LoadText(ServiceKeys(line)).Errors);

        Assert.Equal(path, error.Path);
        Assert.Equal(8, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManyProblems_AllReportedAtOnce_GlobalAndService()
    {
        var yaml = ServiceKeys("allow: [\"10.0.0.0/40\", \"ok.example\"]\nrate_limit: { requests_per_second: 0 }")
            + "\n  deny: [\"::/200\"]\n  max_connections_per_client: x";

        var errors = ConfigLoader.LoadText(yaml).Errors;

        Assert.Equal(
            ["services[0].allow[0]", "services[0].allow[1]", "services[0].rate_limit.requests_per_second", "deny[0]", "max_connections_per_client"],
            errors.Select(static e => e.Path));
        Assert.Equal([8, 8, 9, 13, 14], errors.Select(static e => e.Line));
    }

    [Fact]
    public void EffectiveFor_ServiceReplacesAllowAndLimits_GlobalDenyAlwaysApplies()
    {
        var global = Valid(ConfigTexts.WithProxyKeys("""
              rate_limit: { requests_per_second: 5 }
              max_connections_per_client: 3
              allow: ["10.0.0.0/8"]
              deny: ["10.9.0.0/16"]
            """)).ClientPolicy;
        var service = Valid(ServiceKeys("allow: [\"192.168.0.0/16\"]\ndeny: [\"192.168.9.0/24\"]\nmax_connections_per_client: 7")).Services[0].ClientPolicy;

        var effective = ClientPolicyConfig.EffectiveFor(global, service);

        Assert.Equal(new RateLimitConfig(5, 5), effective.RateLimit);
        Assert.Equal(7, effective.MaxConnectionsPerClient);
        Assert.Equal(["192.168.0.0/16"], effective.Allow!.Value.Select(static b => b.Text));
        Assert.Equal(["10.9.0.0/16", "192.168.9.0/24"], effective.Deny!.Value.Select(static b => b.Text));
        Assert.Equal(global, ClientPolicyConfig.EffectiveFor(global, ClientPolicyConfig.None));
    }

    [Fact]
    public void SameTextLoadedTwice_EqualPolicies_SoAReloadSeesNoChange()
    {
        var yaml = ServiceKeys("allow: [\"10.0.0.0/8\"]\nrate_limit: { requests_per_second: 3 }");

        Assert.True(Paralarva.Actors.Proxy.ConfigDiff.SameService(Valid(yaml).Services[0], Valid(yaml).Services[0]));
        Assert.NotEqual(Valid(yaml).Services[0].ClientPolicy, Valid(ServiceKeys("allow: [\"10.0.0.0/9\"]\nrate_limit: { requests_per_second: 3 }")).Services[0].ClientPolicy);
    }

    [Fact]
    public void ReadmeExample_AccessListsAndPerClientLimits_IsValid()
    {
        var readme = File.ReadAllText(Path.Combine(ConfigLoaderTests.RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("### Access lists and per-client limits", StringComparison.Ordinal)..];
        var start = section.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var config = Valid(section[start..section.IndexOf("```", start, StringComparison.Ordinal)]);

        var api = ClientPolicyConfig.EffectiveFor(config.ClientPolicy, config.Services[0].ClientPolicy);
        var www = ClientPolicyConfig.EffectiveFor(config.ClientPolicy, config.Services[1].ClientPolicy);

        Assert.Equal(new RateLimitConfig(100, 200), api.RateLimit);
        Assert.Equal(["203.0.113.0/24", "10.1.0.0/16"], api.Deny!.Value.Select(static b => b.Text));
        Assert.Same(RateLimitConfig.Off, www.RateLimit);
        Assert.Equal(["203.0.113.0/24"], www.Deny!.Value.Select(static b => b.Text));
    }
}
