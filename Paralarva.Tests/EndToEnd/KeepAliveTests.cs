using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>Persistent connections (RFC 9112 section 9.3) on both sides of the proxy, and pipelining (section 9.3.2).</summary>
public sealed class KeepAliveTests
{
    private const string Domain = "svc.example";

    [Fact]
    public async Task SequentialRequests_OneClientConnection_ServedOnOneMemberConnection()
    {
        // RFC 9112 section 9.3: persistent connections on both sides; DESIGN.md: member connections are pooled.
        await using var origin = new TestOrigin("a", req => OriginResponse.Ok("answer " + req.Target));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        for (var i = 0; i < 20; i++)
        {
            var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/" + i));
            Assert.Equal(200, response.StatusCode);
            Assert.Equal("answer /" + i, response.BodyText);
            Assert.Null(response.Header("Connection"));
        }

        var seen = await origin.WaitForRequestsAsync(20);
        Assert.Equal(1, origin.ConnectionsAccepted);
        Assert.All(seen, r => Assert.Equal(1, r.ConnectionId));
        Assert.Equal(Enumerable.Range(1, 20), seen.Select(r => r.SequenceOnConnection));
    }

    [Fact]
    public async Task TwoClientConnectionsInSequence_ReuseThePooledMemberConnection()
    {
        // DESIGN.md: member connections are pooled across client connections, not tied to one.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));

        for (var i = 0; i < 2; i++)
        {
            await using var client = await proxy.ConnectAsync();
            // Connection: close, and waiting for the proxy's FIN, orders this exchange's release of the member
            // connection before the next client's request: the proxy releases it before closing.
            var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/" + i, "Connection: close"));
            Assert.Equal(200, response.StatusCode);
            Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the proxy kept the connection open");
        }

        var seen = await origin.WaitForRequestsAsync(2);
        Assert.Equal(1, origin.ConnectionsAccepted);
        Assert.Equal([1, 1], seen.Select(r => r.ConnectionId));
        // Connection is hop-by-hop: the client's close is not the member connection's.
        Assert.All(seen, r => Assert.Null(r.Header("Connection")));
    }

    [Fact]
    public async Task PipelinedRequests_IncludingOneWithBody_AnsweredInOrder()
    {
        // RFC 9112 section 9.3.2: a server MUST send its responses in the order the requests were received.
        await using var origin = new TestOrigin("a", req => OriginResponse.Ok(req.Method + " " + req.Target + " " + req.BodyLength));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync(
            RawRequest.Get(Domain, "/first")
            + RawRequest.WithBody("POST", Domain, "/second", "hello pipelined body")
            + RawRequest.Get(Domain, "/third"));

        Assert.Equal("GET /first 0", (await client.ReadResponseAsync()).BodyText);
        Assert.Equal("POST /second 20", (await client.ReadResponseAsync()).BodyText);
        Assert.Equal("GET /third 0", (await client.ReadResponseAsync()).BodyText);
        var seen = await origin.WaitForRequestsAsync(3);
        Assert.Equal(["/first", "/second", "/third"], seen.Select(r => r.Target));
        Assert.Equal("hello pipelined body", seen[1].BodyText);
    }

    [Fact]
    public async Task Http10WithoutKeepAlive_ResponseThenClose()
    {
        // RFC 9112 section 9.3: an HTTP/1.0 connection persists only when the client asked for keep-alive.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync("GET /old HTTP/1.0\r\nHost: svc.example\r\n\r\n");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(origin.DefaultBody, response.BodyText);
        Assert.False(response.Headers.HasToken("Connection", "keep-alive"), response.ToString());
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the proxy kept an HTTP/1.0 connection open");
    }

    [Fact]
    public async Task Http10WithKeepAlive_ConnectionKeepAliveAndStaysUsable()
    {
        // RFC 9112 section 9.3 and RFC 2068 section 19.7.1: a persistent HTTP/1.0 connection is announced with keep-alive.
        await using var origin = new TestOrigin("a", req => OriginResponse.Ok("answer " + req.Target));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        for (var i = 0; i < 3; i++)
        {
            var response = await client.SendAndReadAsync("GET /old" + i + " HTTP/1.0\r\nHost: svc.example\r\nConnection: keep-alive\r\n\r\n");
            Assert.Equal(200, response.StatusCode);
            Assert.Equal("answer /old" + i, response.BodyText);
            Assert.True(response.Headers.HasToken("Connection", "keep-alive"), response.ToString());
        }

        Assert.False(await client.IsClosedByPeerAsync(Absence.Window), "the proxy closed a keep-alive connection");
    }

    [Fact]
    public async Task ClientConnectionClose_ClosedAfterTheResponse()
    {
        // RFC 9112 section 9.6: after a request with close, the server closes once the response is sent.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/", "Connection: close"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(origin.DefaultBody, response.BodyText);
        Assert.True(response.Headers.HasToken("Connection", "close"), response.ToString());
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the proxy kept the connection open");
    }

    [Fact]
    public async Task MemberConnectionClose_ResponseRelayed_NextRequestOpensNewMemberConnection()
    {
        // RFC 9112 section 9.6: a connection whose response carried close is not reused.
        await using var origin = new TestOrigin("a", req => req.Target == "/closing"
            ? OriginResponse.Ok("closing").WithClose()
            : OriginResponse.Ok("open"));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var first = await client.SendAndReadAsync(RawRequest.Get(Domain, "/closing"));
        var second = await client.SendAndReadAsync(RawRequest.Get(Domain, "/after"));

        Assert.Equal(200, first.StatusCode);
        Assert.Equal("closing", first.BodyText);
        // The member's close is hop-by-hop: the client connection stays open.
        Assert.False(first.Headers.HasToken("Connection", "close"), first.ToString());
        Assert.Equal("open", second.BodyText);
        var seen = await origin.WaitForRequestsAsync(2);
        Assert.Equal(2, origin.ConnectionsAccepted);
        Assert.Equal([1, 2], seen.Select(r => r.ConnectionId));
    }
    [Fact]
    public async Task PipelinedAfterConnectionClose_LaterRequestsNotForwarded()
    {
        // RFC 9112 section 9.6: after a request with close the server MUST NOT process further requests on that connection.
        await using var origin = new TestOrigin("a", req => OriginResponse.Ok("answer " + req.Target));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync(RawRequest.Get(Domain, "/last", "Connection: close") + RawRequest.Get(Domain, "/ignored"));
        var response = await client.ReadResponseAsync();

        Assert.Equal("answer /last", response.BodyText);
        Assert.True(response.Headers.HasToken("Connection", "close"), response.ToString());
        Assert.Equal(string.Empty, System.Text.Encoding.Latin1.GetString(await client.ReadUntilClosedAsync()));
        await MemberProbe.AssertOnlyProbeArrivedAsync(proxy, origin, Domain, "/last");
    }

    [Theory]
    [InlineData("GET /chunked HTTP/1.0\r\nHost: svc.example\r\n\r\n")]
    [InlineData("GET /chunked HTTP/1.0\r\nHost: svc.example\r\nConnection: keep-alive\r\n\r\n")]
    public async Task Http10Client_MemberAnswersChunked_ClientGetsThePlainBodyThenClose(string request)
    {
        // RFC 9112 section 6.1: a server MUST NOT send Transfer-Encoding in a response to an HTTP/1.0 request
        // (the member answers the proxy's HTTP/1.1 request chunked; an HTTP/1.0 client cannot decode that),
        // and without a length the body can only end with the connection (section 6.3 point 8).
        await using var origin = new TestOrigin("a", _ => OriginResponse.Ok("hello from a chunked member").Chunked(pieces: 3));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        // Read as an HTTP/1.0 client does: the head, then everything until the server closes.
        await client.SendAsync(request);
        var answer = System.Text.Encoding.Latin1.GetString(await client.ReadUntilClosedAsync());
        var headEnd = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(headEnd > 0, "no complete head in: " + answer);
        var (statusLine, headers) = HttpWire.ParseHead(HttpWire.Latin1.GetBytes(answer[..(headEnd + 4)]));

        Assert.StartsWith("HTTP/1.1 200 ", statusLine, StringComparison.Ordinal);
        Assert.False(headers.Has("Transfer-Encoding"), "Transfer-Encoding sent to an HTTP/1.0 client:\n" + answer);
        Assert.Equal("hello from a chunked member", answer[(headEnd + 4)..]);
    }
    [Fact]
    public async Task PipelinedChunkedBodyThenRequest_BothForwardedIntact()
    {
        // RFC 9112 sections 7.1 and 9.3.2: the end of a chunked body is where the next pipelined request starts.
        await using var origin = new TestOrigin("a", req => OriginResponse.Ok(req.Target + " " + req.BodyLength));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync(RawRequest.Chunked("POST", Domain, "/chunked", ["abc", "defgh", "i"]) + RawRequest.Get(Domain, "/after"));

        Assert.Equal("/chunked 9", (await client.ReadResponseAsync()).BodyText);
        Assert.Equal("/after 0", (await client.ReadResponseAsync()).BodyText);
        Assert.Equal("abcdefghi", (await origin.WaitForRequestsAsync(2))[0].BodyText);
    }

    [Fact]
    public async Task PipelinedValidThenMalformed_FirstAnsweredThen400AndOnlyTheFirstForwarded()
    {
        // RFC 9112 section 6.3: the malformed second request ends the connection; nothing of it reaches the member.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync(RawRequest.Get(Domain, "/valid")
            + "POST /smuggled HTTP/1.1\r\nHost: svc.example\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

        Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);
        Assert.Equal(400, (await client.ReadResponseAsync("POST")).StatusCode);
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the proxy kept the connection open");
        await MemberProbe.AssertOnlyProbeArrivedAsync(proxy, origin, Domain, "/valid");
    }
}
