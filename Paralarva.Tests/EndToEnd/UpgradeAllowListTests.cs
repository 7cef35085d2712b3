using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// Only a service's <c>upgrade_protocols</c> become tunnels. An <c>h2c</c> upgrade forwarded to a member that
/// accepts it would turn the client connection into a raw tunnel, and every later request on it would reach
/// the member unrouted and unchecked (h2c smuggling): the proxy removes the offer and sends plain HTTP/1.1.
/// </summary>
public sealed class UpgradeAllowListTests
{
    private const string Domain = "up.example";
    private const string H2cUpgrade = "Connection: Upgrade, HTTP2-Settings";

    [Fact]
    public async Task H2cUpgrade_ForwardedAsPlainHttp11WithoutUpgradeOrSettings()
    {
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/", "Upgrade: h2c", "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA", H2cUpgrade));

        Assert.Equal(200, response.StatusCode);
        var received = Assert.Single(origin.Requests);
        Assert.False(received.Headers.Has("Upgrade"), "Upgrade reached the member");
        Assert.False(received.Headers.Has("HTTP2-Settings"), "HTTP2-Settings reached the member");
        Assert.False(received.Headers.HasToken("Connection", "upgrade"), "Connection: upgrade reached the member");
        // The connection goes on as HTTP/1.1: the next request is routed and forwarded as a request.
        Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/second"))).StatusCode);
        Assert.Equal("/second", origin.Requests[1].Target);
    }

    [Fact]
    public async Task H2cUpgrade_MemberSwitchesAnyway_502AndNoTunnel()
    {
        // A member that switches whatever it is asked: the 101 answers nothing that was forwarded.
        await using var origin = new TestOrigin("a", _ => OriginResponse.RawText(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/", "Upgrade: h2c", "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA", H2cUpgrade));

        Assert.Equal(502, response.StatusCode);
        // No tunnel: the connection goes on as HTTP/1.1, and the next request is answered as a request.
        Assert.Equal(502, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/second"))).StatusCode);
        Assert.Equal(2, origin.Requests.Count);
    }

    [Fact]
    public async Task WebSocketUpgrade_MemberSwitchesToAnotherProtocol_502()
    {
        await using var origin = new TestOrigin("a", _ => OriginResponse.RawText(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/", "Upgrade: websocket", "Connection: Upgrade"));

        Assert.Equal(502, response.StatusCode);
        Assert.Equal("websocket", Assert.Single(origin.Requests).Headers.Get("Upgrade"));
    }

    [Fact]
    public async Task WebSocketUpgrade_101WithoutUpgradeField_502()
    {
        // RFC 9110 section 15.2.2: a 101 must say which protocol it switches to.
        await using var origin = new TestOrigin("a", _ => OriginResponse.RawText("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n\r\n"));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));

        var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/", "Upgrade: websocket", "Connection: Upgrade"));

        Assert.Equal(502, response.StatusCode);
    }

    [Fact]
    public async Task SeveralOffers_OnlyTheAllowedOneForwarded_AndItsTunnelOpens()
    {
        await using var origin = new TestOrigin("a", _ => OriginResponse.RawText(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n\r\nfrom member"));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync(RawRequest.Get(Domain, "/", "Upgrade: h2c, websocket", "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA", H2cUpgrade + ", Upgrade"));
        var head = await client.ReadResponseAsync(timeout: RawHttpClient.DefaultTimeout);

        Assert.Equal(101, head.StatusCode);
        var received = Assert.Single(origin.Requests);
        Assert.Equal("websocket", received.Headers.Get("Upgrade"));
        Assert.False(received.Headers.Has("HTTP2-Settings"), "HTTP2-Settings reached the member");
        Assert.Equal("from member"u8.ToArray(), await client.ReadBytesAsync("from member".Length));
    }

    [Fact]
    public async Task EmptyAllowList_WebSocketForwardedAsPlainRequest()
    {
        await using var origin = new TestOrigin("a");
        var service = TestConfigs.Service(Domain, origin) with { UpgradeProtocols = new UpgradeProtocols([]) };
        await using var proxy = await InProcessProxy.StartAsync(service);

        var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/", "Upgrade: websocket", "Connection: Upgrade"));

        Assert.Equal(200, response.StatusCode);
        Assert.False(Assert.Single(origin.Requests).Headers.Has("Upgrade"), "Upgrade reached the member");
    }

    [Fact]
    public async Task H2cOnTheAllowList_ForwardedWithItsSettings()
    {
        // An operator who runs h2c members on purpose can allow it.
        await using var origin = new TestOrigin("a");
        var service = TestConfigs.Service(Domain, origin) with { UpgradeProtocols = new UpgradeProtocols(["websocket", "h2c"]) };
        await using var proxy = await InProcessProxy.StartAsync(service);

        var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/", "Upgrade: h2c", "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA", H2cUpgrade));

        Assert.Equal(200, response.StatusCode);
        var received = Assert.Single(origin.Requests);
        Assert.Equal("h2c", received.Headers.Get("Upgrade"));
        Assert.Equal("AAMAAABkAARAAAAAAAIAAAAA", received.Headers.Get("HTTP2-Settings"));
    }
}
