using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// Upgrade through the proxy (RFC 9110 section 7.8) with a real WebSocket server (Kestrel) and a real
/// <see cref="ClientWebSocket"/> (RFC 6455): after the member's 101 the proxy tunnels bytes both ways.
/// </summary>
public sealed class WebSocketTunnelTests
{
    private const string Domain = "ws.example";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TextAndBinaryMessages_EchoedBothWays()
    {
        // RFC 6455 section 5.6: text and binary data frames cross the tunnel unchanged.
        await using var origin = await WebSocketOrigin.StartAsync();
        await using var proxy = await StartProxyAsync(origin);
        using var socket = await ConnectAsync(proxy, "/echo");

        Assert.Equal("hello through the tunnel", await EchoTextAsync(socket, "hello through the tunnel"));
        byte[] binary = [0, 1, 2, 255, 254, 13, 10, 13, 10];
        Assert.Equal(binary, await EchoAsync(socket, binary, WebSocketMessageType.Binary));
        for (var i = 0; i < 20; i++)
            Assert.Equal("message " + i, await EchoTextAsync(socket, "message " + i));

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Cancel());
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Fact]
    public async Task LargeMessage_SeveralMebibytes_EchoedIntact()
    {
        // DESIGN.md backpressure: a message far larger than any socket buffer crosses with one write outstanding per direction.
        await using var origin = await WebSocketOrigin.StartAsync();
        await using var proxy = await StartProxyAsync(origin);
        using var socket = await ConnectAsync(proxy, "/echo");

        var payload = new byte[6 * 1024 * 1024];
        new Random(6455).NextBytes(payload);
        var echoed = await EchoAsync(socket, payload, WebSocketMessageType.Binary);

        Assert.Equal(payload.Length, echoed.Length);
        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(echoed));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Cancel());
    }

    [Fact]
    public async Task ClientCloses_CloseHandshakeCrossesTheTunnel()
    {
        // RFC 6455 section 7.1.2: the client's close frame reaches the server, whose close frame comes back.
        await using var origin = await WebSocketOrigin.StartAsync();
        await using var proxy = await StartProxyAsync(origin);
        using var socket = await ConnectAsync(proxy, "/echo");
        Assert.Equal("ping", await EchoTextAsync(socket, "ping"));

        await socket.CloseAsync((WebSocketCloseStatus)4000, "client done", Cancel());

        Assert.Equal((WebSocketCloseStatus)4000, await origin.ClientCloseSeen.WaitAsync(Timeout));
        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal((WebSocketCloseStatus)4000, socket.CloseStatus);
    }

    [Fact]
    public async Task ServerCloses_ClientSeesTheServersCloseThenTheEnd()
    {
        // RFC 6455 section 7.1.2: a close started by the server reaches the client with its status and reason.
        await using var origin = await WebSocketOrigin.StartAsync();
        await using var proxy = await StartProxyAsync(origin);
        using var socket = await ConnectAsync(proxy, "/close-after-first");

        Assert.Equal("last", await EchoTextAsync(socket, "last"));
        var buffer = new byte[1024];
        var result = await socket.ReceiveAsync(buffer, Cancel());

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal((WebSocketCloseStatus)WebSocketOrigin.ServerCloseStatus, result.CloseStatus);
        Assert.Equal("bye", result.CloseStatusDescription);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, Cancel());
    }

    [Fact]
    public async Task Tunnel_CountsAsOneRequestWith101_WhenItEnds()
    {
        // Issue 3: the tunnel is one request in the metrics; a service of its own keeps other tests' counts out.
        const string domain = "ws-count.example";
        await using var origin = await WebSocketOrigin.StartAsync();
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(domain, StrategyNames.RoundRobin, origin.Port));
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Host", domain);
        await socket.ConnectAsync(new Uri("ws://127.0.0.1:" + proxy.Port + "/echo"), Cancel());
        for (var i = 0; i < 3; i++)
            Assert.Equal("m" + i, await EchoTextAsync(socket, "m" + i));

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Cancel());

        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + proxy.MonitoringPort), Timeout = Timeout };
        var sample = "paralarva_requests_total{service=\"" + domain + "\",code=\"101\"} 1";
        var metrics = string.Empty;
        // The tunnel is recorded when the member's close reaches the proxy: poll, bounded.
        await Poll.TryAsync(async () => (metrics = await http.GetStringAsync("/metrics")).Split('\n').Contains(sample), Timeout);
        Assert.Contains(sample, metrics.Split('\n'));
        Assert.DoesNotContain("paralarva_requests_total{service=\"" + domain + "\",code=\"200\"}", metrics);
    }

    [Fact]
    public async Task UpgradeAnsweredWithout101_OrdinaryResponse_ConnectionStaysUsable()
    {
        // RFC 9110 section 7.8: a server may ignore Upgrade; the answer is then an ordinary response.
        await using var origin = new TestOrigin("a", req => OriginResponse.Ok("no upgrade for " + req.Target));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var refused = await client.SendAndReadAsync(RawRequest.Get(Domain, "/chat", "Connection: Upgrade", "Upgrade: websocket",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"));
        var next = await client.SendAndReadAsync(RawRequest.Get(Domain, "/after"));

        Assert.Equal(200, refused.StatusCode);
        Assert.Equal("no upgrade for /chat", refused.BodyText);
        Assert.Equal(200, next.StatusCode);
        Assert.Equal("no upgrade for /after", next.BodyText);
        var seen = await origin.WaitForRequestsAsync(2);
        // The upgrade request went on with its Upgrade field and Connection: upgrade; the next one without.
        Assert.Equal("websocket", seen[0].Header("Upgrade"));
        Assert.Equal("upgrade", seen[0].Header("Connection"));
        Assert.Null(seen[1].Header("Upgrade"));
        // The member kept the connection alive, so the pooled connection served both.
        Assert.Equal(seen[0].ConnectionId, seen[1].ConnectionId);
    }

    [Fact]
    public async Task UpgradeWithoutConnectionOption_UpgradeFieldDropped()
    {
        // RFC 9110 section 7.8: Upgrade is hop-by-hop; without Connection: upgrade it is not meant for the member.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));

        var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/", "Upgrade: websocket"));

        Assert.Equal(200, response.StatusCode);
        Assert.Null(Assert.Single(await origin.WaitForRequestsAsync(1)).Header("Upgrade"));
    }

    [Fact]
    public async Task NonWebSocketRequestOnTheSameMember_StillPlainHttp()
    {
        // The tunnel is per connection: plain requests to the same member are ordinary exchanges.
        await using var origin = await WebSocketOrigin.StartAsync();
        await using var proxy = await StartProxyAsync(origin);

        var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/plain"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("plain", response.BodyText);
    }

    private static Task<InProcessProxy> StartProxyAsync(WebSocketOrigin origin) =>
        InProcessProxy.StartAsync(TestConfigs.Service(Domain, StrategyNames.RoundRobin, origin.Port));

    private static async Task<ClientWebSocket> ConnectAsync(InProcessProxy proxy, string path)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Host", Domain);
        // No keep-alive pings: the test controls every frame on the wire.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(new Uri("ws://127.0.0.1:" + proxy.Port + path), Cancel());
        return socket;
    }

    private static async Task<string> EchoTextAsync(ClientWebSocket socket, string text) =>
        Encoding.UTF8.GetString(await EchoAsync(socket, Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text));

    private static async Task<byte[]> EchoAsync(ClientWebSocket socket, byte[] payload, WebSocketMessageType type)
    {
        // Send and receive at once: a large echo only completes if the tunnel relays while the client still sends.
        var send = socket.SendAsync(payload, type, endOfMessage: true, Cancel());
        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, Cancel());
            Assert.Equal(type, result.MessageType);
            received.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        await send;
        return received.ToArray();
    }

    private static CancellationToken Cancel() => new CancellationTokenSource(Timeout).Token;
}
