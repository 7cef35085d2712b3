using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>What the member and the client see of each other's heads: hop-by-hop fields (RFC 9110 section 7.6.1) and X-Forwarded-*.</summary>
public sealed class ForwardingTests
{
    private const string Domain = "svc.example";

    [Fact]
    public async Task RequestHopByHopFields_NotForwarded_EndToEndFieldsAre()
    {
        // RFC 9110 section 7.6.1: a proxy removes Connection and the fields it names, and the connection-specific
        // Proxy-Connection, Keep-Alive, TE and Upgrade; Trailer, hop-by-hop in RFC 2616, is end to end in RFC 9110.
        // Upgrade is not named in Connection here: with "Connection: upgrade" it is forwarded (WebSocketTunnelTests).
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));

        var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/hop",
            "Connection: keep-alive, X-Hop-Custom",
            "Keep-Alive: timeout=5, max=100",
            "TE: trailers",
            "Trailer: X-Checksum",
            "Upgrade: websocket",
            "Proxy-Connection: keep-alive",
            "X-Hop-Custom: secret",
            "X-End-To-End: kept"));

        Assert.Equal(200, response.StatusCode);
        var seen = Assert.Single(await origin.WaitForRequestsAsync(1));
        foreach (var name in new[] { "Connection", "Keep-Alive", "TE", "Upgrade", "Proxy-Connection", "X-Hop-Custom" })
            Assert.False(seen.Headers.Has(name), name + " reached the member:\n" + HttpWire.Escape(seen.RawHead));
        Assert.Equal("kept", seen.Header("X-End-To-End"));
        Assert.Equal("X-Checksum", seen.Header("Trailer"));
        Assert.Equal(Domain, seen.Header("Host"));
    }

    [Theory]
    // RFC 9110 section 7.6.2: with no hop left the proxy answers as the final recipient, and the connection goes on.
    [InlineData("OPTIONS", 200)]
    [InlineData("TRACE", 405)]
    public async Task MaxForwardsZero_AnsweredByTheProxy_NotForwarded(string method, int status)
    {
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(method + " /x HTTP/1.1\r\nHost: " + Domain + "\r\nMax-Forwards: 0\r\n\r\n", method);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH", response.Header("Allow"));
        Assert.Equal(0, origin.BytesReceived);
        Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/next"))).StatusCode);
        Assert.Equal("/next", Assert.Single(await origin.WaitForRequestsAsync(1)).Target);
    }

    [Fact]
    public async Task MaxForwardsAboveZero_ForwardedWithOneLess()
    {
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));

        var response = await proxy.SendOnNewConnectionAsync("TRACE /x HTTP/1.1\r\nHost: " + Domain + "\r\nMax-Forwards: 1\r\n\r\n");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("0", Assert.Single(await origin.WaitForRequestsAsync(1)).Header("Max-Forwards"));
    }

    [Fact]
    public async Task XForwardedFor_AppendsClientToExistingValues()
    {
        // The de facto convention (MDN, nginx's $proxy_add_x_forwarded_for): existing values in order, then the client.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));

        await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/xff",
            "X-Forwarded-For: 203.0.113.7",
            "X-Forwarded-For: 198.51.100.2, 10.0.0.1"));

        var seen = Assert.Single(await origin.WaitForRequestsAsync(1));
        Assert.Equal(["203.0.113.7, 198.51.100.2, 10.0.0.1, 127.0.0.1"], seen.Headers.GetAll("X-Forwarded-For"));
    }

    [Fact]
    public async Task XForwardedProtoAndHost_AddedByTheProxy_ClientValuesReplaced()
    {
        // DESIGN.md data path: X-Forwarded-Proto and -Host are the proxy's own; a client cannot spoof them.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));

        await proxy.SendOnNewConnectionAsync(RawRequest.Get("svc.example:8080", "/xf",
            "X-Forwarded-Proto: https",
            "X-Forwarded-Host: spoofed.example"));

        var seen = Assert.Single(await origin.WaitForRequestsAsync(1));
        Assert.Equal(["127.0.0.1"], seen.Headers.GetAll("X-Forwarded-For"));
        Assert.Equal(["http"], seen.Headers.GetAll("X-Forwarded-Proto"));
        Assert.Equal(["svc.example:8080"], seen.Headers.GetAll("X-Forwarded-Host"));
    }

    [Fact]
    public async Task ResponseHopByHopFields_NotRelayedToTheClient()
    {
        // RFC 9110 section 7.6.1 applies to responses as much as to requests.
        await using var origin = new TestOrigin("a", _ => OriginResponse.Ok("hop")
            .WithHeader("Connection", "X-Resp-Hop")
            .WithHeader("Keep-Alive", "timeout=5, max=100")
            .WithHeader("Proxy-Connection", "keep-alive")
            .WithHeader("Upgrade", "h2c")
            .WithHeader("X-Resp-Hop", "private")
            .WithHeader("X-Kept", "yes"));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("hop", response.BodyText);
        foreach (var name in new[] { "Connection", "Keep-Alive", "Proxy-Connection", "Upgrade", "X-Resp-Hop" })
            Assert.False(response.Headers.Has(name), name + " reached the client:\n" + response);
        Assert.Equal("yes", response.Header("X-Kept"));
        Assert.Equal("text/plain", response.Header("Content-Type"));
        // The member connection's options say nothing about the client connection: it is still usable.
        Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/again"))).StatusCode);
    }
    [Fact]
    public async Task EndToEndFields_ForwardedByteForByteInOrder()
    {
        // RFC 9110 section 5.3: field order within a name matters, names are case-insensitive but go out as received;
        // RFC 9110 section 5.5: obs-text and HTAB are valid in a field value. Bytes stay bytes.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));

        var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/fields?q=%20a&b=%C3%A9;c=d",
            "x-lower-case: v1",
            "X-Repeated: first",
            "X-Latin1: caf\u00e9 na\u00efve",
            "X-Tab: a\tb",
            "X-Repeated: second",
            "X-Empty:",
            "Cookie: a=1; b=2"));

        Assert.Equal(200, response.StatusCode);
        var seen = Assert.Single(await origin.WaitForRequestsAsync(1));
        Assert.Equal("/fields?q=%20a&b=%C3%A9;c=d", seen.Target);
        Assert.Equal("HTTP/1.1", seen.Version);
        Assert.Equal(["first", "second"], seen.Headers.GetAll("X-Repeated"));
        Assert.Contains(seen.Headers, h => h.Key == "x-lower-case" && h.Value == "v1");
        Assert.Equal("caf\u00e9 na\u00efve", seen.Header("X-Latin1"));
        Assert.Equal("a\tb", seen.Header("X-Tab"));
        Assert.Equal(string.Empty, seen.Header("X-Empty"));
        Assert.Equal("a=1; b=2", seen.Header("Cookie"));
        var names = seen.Headers.Select(h => h.Key).Where(n => n.StartsWith("x-", StringComparison.OrdinalIgnoreCase) && !n.StartsWith("X-Forwarded", StringComparison.Ordinal));
        Assert.Equal(["x-lower-case", "X-Repeated", "X-Latin1", "X-Tab", "X-Repeated", "X-Empty"], names);
    }
}
