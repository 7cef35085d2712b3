using Paralarva.Actors.Config;

namespace Paralarva.Tests.Config;

/// <summary><c>strategy: consistent_hash</c>, <c>hash_key</c> and <c>affinity</c> (per service).</summary>
public sealed class AffinityConfigTests
{
    /// <summary>The minimal service with <paramref name="lines"/> added after its domain (line 8 on).</summary>
    private static string WithServiceLines(params string[] lines) =>
        ConfigTexts.MinimalWithService.Replace("domain: svc.example.com", "domain: svc.example.com\n      " + string.Join("\n      ", lines), StringComparison.Ordinal);

    [Fact]
    public void Defaults_NoAffinity()
    {
        var service = ConfigLoader.LoadText(ConfigTexts.MinimalWithService).Config!.Services[0];

        Assert.Same(AffinityConfig.None, service.Affinity);
    }

    [Fact]
    public void ConsistentHash_WithoutHashKey_HashesTheClientAddress()
    {
        var result = ConfigLoader.LoadText(WithServiceLines("strategy: consistent_hash"));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(StrategyNames.ConsistentHash, result.Config.Services[0].Strategy);
        Assert.Null(result.Config.Services[0].Affinity.HashHeader);
    }

    [Theory]
    [InlineData("client_ip", null)]
    [InlineData("\"header:X-User\"", "X-User")]
    [InlineData("header:x-session-id", "x-session-id")]
    public void HashKey_Read(string value, string? header)
    {
        var result = ConfigLoader.LoadText(WithServiceLines("strategy: consistent_hash", "hash_key: " + value));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(header, result.Config.Services[0].Affinity.HashHeader);
    }

    [Fact]
    public void AffinityCookie_WithAnyStrategy_Read()
    {
        var result = ConfigLoader.LoadText(WithServiceLines("strategy: round_robin", "affinity: { cookie: pl_affinity }"));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(new AffinityConfig(null, "pl_affinity"), result.Config.Services[0].Affinity);
    }

    [Fact]
    public void HashKeyAndCookie_Together_BothRead()
    {
        var result = ConfigLoader.LoadText(WithServiceLines("strategy: consistent_hash", "hash_key: header:X-User", "affinity:", "  cookie: sticky"));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(new AffinityConfig("X-User", "sticky"), result.Config.Services[0].Affinity);
    }

    [Theory]
    [InlineData("hash_key: client_ip", "services[0].hash_key", "applies only to strategy consistent_hash")]
    [InlineData("strategy: consistent_hash\n      hash_key: cookie", "services[0].hash_key", "expected client_ip or header:NAME")]
    [InlineData("strategy: consistent_hash\n      hash_key: \"header:\"", "services[0].hash_key", "is not a header name")]
    [InlineData("strategy: consistent_hash\n      hash_key: \"header:X User\"", "services[0].hash_key", "is not a header name")]
    [InlineData("strategy: consistent_hash\n      hash_key: [client_ip]", "services[0].hash_key", "expected client_ip or header:NAME")]
    [InlineData("affinity: pl_affinity", "services[0].affinity", "expected an affinity mapping")]
    [InlineData("affinity: {}", "services[0].affinity.cookie", "missing required key 'cookie'")]
    [InlineData("affinity: { cookie: \"a;b\" }", "services[0].affinity.cookie", "is not a cookie name")]
    [InlineData("affinity: { cookie: __Host-pin }", "services[0].affinity.cookie", "needs the Secure attribute")]
    [InlineData("affinity: { cookie: a, max_age: 10 }", "services[0].affinity.max_age", "unknown key 'max_age'")]
    public void Invalid_ReportedWithPathAndLine(string lines, string path, string message)
    {
        var result = ConfigLoader.LoadText(WithServiceLines(lines));

        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(lines.Contains('\n', StringComparison.Ordinal) ? 9 : 8, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralProblems_AllReportedAtOnce()
    {
        var result = ConfigLoader.LoadText(WithServiceLines("hash_key: \"header:X User\"", "affinity: { cookie: \"\" }", "strategy: sticky"));

        Assert.Collection(result.Errors,
            e => Assert.Equal("services[0].hash_key", e.Path),
            e => Assert.Equal("services[0].affinity.cookie", e.Path),
            e => Assert.Equal("services[0].strategy", e.Path));
    }

    [Fact]
    public void UnknownStrategy_ListsConsistentHash()
    {
        var error = Assert.Single(ConfigLoader.LoadText(WithServiceLines("strategy: ring")).Errors);

        Assert.Contains("consistent_hash", error.Message, StringComparison.Ordinal);
    }
}
