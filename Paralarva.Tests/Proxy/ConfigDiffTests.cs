using Paralarva.Actors.Config;
using Paralarva.Actors.Proxy;

namespace Paralarva.Tests.Proxy;

public sealed class ConfigDiffTests
{
    private const string Base = """
        proxy:
          listen: { address: "127.0.0.1", port: 8080 }
          services:
            - name: a
              domain: a.test
              hosts:
                - { address: "10.0.0.1", port: 9000 }
            - name: b
              domain: b.test
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
    public void Compute_SameFileLoadedTwice_NothingChanged()
    {
        // Member lists are ImmutableArrays, equal only by reference: the diff compares their items.
        var diff = ConfigDiff.Compute(Load(Base), Load(Base));

        Assert.False(diff.RoutesChanged);
        Assert.False(diff.RestartRequired);
        Assert.False(diff.ConnectionSettingsChanged);
    }

    [Fact]
    public void Compute_ServiceAddedRemovedChanged_EachListedOnce()
    {
        var next = Base
            .Replace("- name: b\n      domain: b.test", "- name: c\n      domain: c.test", StringComparison.Ordinal)
            .Replace("10.0.0.1", "10.0.0.9", StringComparison.Ordinal);

        var diff = ConfigDiff.Compute(Load(Base), Load(next));

        Assert.Equal("c", Assert.Single(diff.Added).Name);
        Assert.Equal("b", Assert.Single(diff.Removed).Name);
        Assert.Equal("a", Assert.Single(diff.Changed).Name);
        Assert.False(diff.RestartRequired);
    }

    [Theory]
    [InlineData("strategy: round_robin\n      hosts:")]
    [InlineData("dns_refresh_interval: 5s\n      hosts:")]
    public void Compute_ServiceSettingChanged_ServiceChanged(string replacement)
    {
        var next = Base.Replace("hosts:", replacement, StringComparison.Ordinal);

        var diff = ConfigDiff.Compute(Load(Base), Load(next));

        Assert.Equal(2, diff.Changed.Count);
    }

    [Theory]
    [InlineData("port: 8080 }", "port: 8081 }")]
    [InlineData("address: \"127.0.0.1\"", "address: \"127.0.0.2\"")]
    public void Compute_ListenChanged_RestartRequired(string from, string to)
    {
        var diff = ConfigDiff.Compute(Load(Base), Load(Base.Replace(from, to, StringComparison.Ordinal)));

        Assert.True(diff.ListenChanged);
        Assert.True(diff.RestartRequired);
        Assert.False(diff.RoutesChanged);
    }

    [Fact]
    public void Compute_ConnectionSettingsChanged_NoRestart()
    {
        var next = Base.Replace("  services:", "  limits: { max_client_connections: 5 }\n  services:", StringComparison.Ordinal);

        var diff = ConfigDiff.Compute(Load(Base), Load(next));

        Assert.True(diff.ConnectionSettingsChanged);
        Assert.False(diff.RestartRequired);
    }
}
