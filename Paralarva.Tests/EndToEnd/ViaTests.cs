using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>RFC 9110 section 7.6.3: the proxy adds its Via entry to the requests and the responses it forwards.</summary>
public sealed class ViaTests
{
    private const string Domain = "via.example";

    [Fact]
    public async Task Request_ViaAddedAfterTheClientsEntries()
    {
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));

        await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/", "Via: 1.1 first, 1.0 second", "Via: 2 third"));

        Assert.Equal(["1.1 first, 1.0 second", "2 third", "1.1 paralarva"], Assert.Single(origin.Requests).Headers.GetAll("Via"));
    }

    [Fact]
    public async Task Http10Request_ViaSaysWhatTheProxyReceived()
    {
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));

        await proxy.SendOnNewConnectionAsync("GET / HTTP/1.0\r\nHost: " + Domain + "\r\n\r\n");

        Assert.Equal(["1.0 paralarva"], Assert.Single(origin.Requests).Headers.GetAll("Via"));
    }

    [Fact]
    public async Task Response_ViaAddedAfterTheMembersEntries()
    {
        await using var origin = new TestOrigin("a", _ => OriginResponse.Ok("hi") with { Headers = [new("Via", "1.1 cdn")] });
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));

        var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain));

        Assert.Equal(["1.1 cdn", "1.1 paralarva"], response.Headers.GetAll("Via"));
    }

    [Fact]
    public async Task Pseudonym_Configured_UsedBothWays()
    {
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Proxy(TestConfigs.Service(Domain, origin)) with { ViaPseudonym = "edge-7" });

        var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain));

        Assert.Equal(["1.1 edge-7"], response.Headers.GetAll("Via"));
        Assert.Equal(["1.1 edge-7"], Assert.Single(origin.Requests).Headers.GetAll("Via"));
    }
}
