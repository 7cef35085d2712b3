using Paralarva.Actors.Config;
using Paralarva.Actors.Proxy;

namespace Paralarva.Tests.Proxy;

/// <summary>Path routes and header rules in a reload's difference: compared by value, services on one domain apart by name.</summary>
public sealed class ConfigDiffRoutesTests
{
    private const string Base = """
        proxy:
          listen: { address: "127.0.0.1", port: 8080 }
          services:
            - name: api
              domain: shop.test
              paths: [/api, /v2]
              strip_path_prefix: true
              request_headers: { set: { X-Env: prod }, remove: [X-Debug] }
              response_headers: { append: { X-Served-By: a } }
              hosts:
                - { address: "10.0.0.1", port: 9000 }
            - name: web
              domain: shop.test
              hosts:
                - { address: "10.0.0.2", port: 9000 }
        """;

    private static ProxyConfig Load(string yaml)
    {
        var result = ConfigLoader.LoadText(yaml);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Config;
    }

    [Fact]
    public void Compute_SameRoutesLoadedTwice_NothingChanged()
    {
        Assert.False(ConfigDiff.Compute(Load(Base), Load(Base)).RoutesChanged);
    }

    [Theory]
    [InlineData("paths: [/api, /v2]", "paths: [/api, /v3]")]
    [InlineData("strip_path_prefix: true", "strip_path_prefix: false")]
    [InlineData("X-Env: prod", "X-Env: test")]
    [InlineData("remove: [X-Debug]", "remove: [X-Trace]")]
    [InlineData("append: { X-Served-By: a }", "set: { X-Served-By: a }")]
    public void Compute_RouteOrRuleChanged_OnlyThatServiceChanged(string find, string replace)
    {
        var diff = ConfigDiff.Compute(Load(Base), Load(Base.Replace(find, replace, StringComparison.Ordinal)));

        Assert.Equal(["api"], diff.Changed.Select(static s => s.Name));
        Assert.Empty(diff.Added);
        Assert.Empty(diff.Removed);
    }
}
