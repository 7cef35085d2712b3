using Paralarva.Actors.Config;

namespace Paralarva.Tests.Config;

/// <summary>Issue 4 "DNS members": a member's address may be a host name; <c>dns_refresh_interval</c> per service.</summary>
public sealed class DnsMemberConfigTests
{
    private const string Base = """
        proxy:
          listen:
            address: "127.0.0.1"
            port: 8080
          services:
            - name: api
              domain: api.example.com
              hosts:
                - address: "10.0.0.1"
                  port: 9090
        """;

    private static ConfigLoadResult Load(string find, string replace) =>
        ConfigLoader.LoadText(Base.Replace(find, replace, StringComparison.Ordinal));

    [Theory]
    [InlineData("api-headless.default.svc.cluster.local")]
    [InlineData("API.Internal")]
    [InlineData("backend_1")]
    [InlineData("localhost")]
    public void Member_HostName_IsReadLowerCasedAndLeftToResolve(string name)
    {
        var result = Load("\"10.0.0.1\"", name);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var member = Assert.Single(result.Config.Services[0].Hosts);
        Assert.Equal(name.ToLowerInvariant(), member.Address);
        Assert.True(member.NeedsResolution);
        Assert.Equal(ServiceConfig.DefaultDnsRefreshInterval, result.Config.Services[0].DnsRefreshInterval);
    }

    [Theory]
    [InlineData("10.0.0.256", "last label is all digits")]
    [InlineData("127.1", "last label is all digits")]
    [InlineData("bad..name", "empty label")]
    [InlineData("-api.example", "starts or ends with a hyphen")]
    [InlineData("api!.example", "'!' is not allowed")]
    public void Member_NotAnAddressNorAHostName_IsReportedAtItsLine(string address, string message)
    {
        var result = Load("\"10.0.0.1\"", "\"" + address + "\"");

        var error = Assert.Single(result.Errors);
        Assert.Equal("services[0].hosts[0].address", error.Path);
        Assert.Equal(9, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Listen_HostName_IsStillAnError()
    {
        var error = Assert.Single(Load("address: \"127.0.0.1\"", "address: localhost").Errors);

        Assert.Equal("listen.address", error.Path);
    }

    [Theory]
    [InlineData("5s", 5_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1500ms", 1_500)]
    public void DnsRefreshInterval_IsRead(string value, int milliseconds)
    {
        var result = Load("      hosts:", "      dns_refresh_interval: " + value + "\n      hosts:");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), result.Config.Services[0].DnsRefreshInterval);
    }

    [Theory]
    [InlineData("500ms", "dns_refresh_interval 500ms is outside 1s-24h")]
    [InlineData("soon", "must be a duration")]
    public void DnsRefreshInterval_Bad_IsReportedAtItsLine(string value, string message)
    {
        var result = Load("      hosts:", "      dns_refresh_interval: " + value + "\n      hosts:");

        var error = Assert.Single(result.Errors);
        Assert.Equal("services[0].dns_refresh_interval", error.Path);
        Assert.Equal(8, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadBytes_ValidFile_CarriesTheHashOfItsBytes()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Base);

        var result = ConfigLoader.LoadBytes(bytes);

        Assert.True(result.IsValid);
        Assert.Equal(ConfigHash.Of(bytes), result.Config.SourceHash);
        Assert.Matches("^[0-9a-f]{12}$", result.Config.SourceHash);
        Assert.NotEqual(result.Config.SourceHash, ConfigLoader.LoadBytes([.. bytes, (byte)'\n']).Config!.SourceHash);
    }
}
