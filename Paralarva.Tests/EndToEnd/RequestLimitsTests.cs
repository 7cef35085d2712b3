using System.Text;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// limits.max_header_count (431, RFC 6585 section 5) and limits.max_request_body_bytes (413, RFC 9110 section
/// 15.5.14): refused requests never reach the member, or, when the body crossed the limit on its way, the
/// member connection is closed and never sees a complete request.
/// </summary>
public sealed class RequestLimitsTests
{
    private const string Domain = "svc.example";

    [Theory]
    [InlineData(10, 200)]
    [InlineData(11, 431)]
    public async Task HeaderCount_AtAndOverTheLimit_ForwardedOr431Closed(int fields, int status)
    {
        // RFC 6585 section 5: too many header fields is a head too large, whatever its size in bytes.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(LimitsConfig.Default with { MaxHeaderCount = 10 }, TestConfigs.Service(Domain, origin)));
        await using var client = await proxy.ConnectAsync();
        var extra = Enumerable.Range(1, fields - 1).Select(static i => "X-F" + i + ": v").ToArray();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/", extra));

        Assert.Equal(status, response.StatusCode);
        if (status == 431)
        {
            Assert.Equal("<h1>Error 431: Request Header Fields Too Large</h1>", response.BodyText);
            Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the connection stayed open");
            Assert.Equal(0, origin.BytesReceived);
        }
    }

    [Theory]
    [InlineData(1000, 200)]
    [InlineData(1001, 413)]
    public async Task ContentLength_AtAndOverTheLimit_ForwardedOr413BeforeTheBody(int length, int status)
    {
        // RFC 9110 section 15.5.14: the declared length alone decides; nothing goes to the member.
        await using var origin = new TestOrigin("a", req => OriginResponse.Ok("got " + req.BodyLength));
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(LimitsConfig.Default with { MaxRequestBodyBytes = 1000 }, TestConfigs.Service(Domain, origin)));
        await using var client = await proxy.ConnectAsync();

        // Only the head: the answer must not wait for a body the proxy will not read.
        await client.SendAsync("POST /up HTTP/1.1\r\nHost: svc.example\r\nContent-Length: " + length + "\r\n\r\n");
        if (status == 200)
            await client.SendAsync(new string('b', length));
        var response = await client.ReadResponseAsync("POST");

        Assert.Equal(status, response.StatusCode);
        if (status == 413)
        {
            Assert.Equal("<h1>Error 413: Content Too Large</h1>", response.BodyText);
            Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the connection stayed open");
            Assert.Equal(0, origin.BytesReceived);
        }
        else
        {
            Assert.Equal("got 1000", response.BodyText);
        }
    }

    [Fact]
    public async Task ContentLengthOverTheLimit_ClientSendsTheBodyAnyway_413ArrivesIntact()
    {
        // RFC 9112 section 9.6: the proxy answers, then drains what the client still sends (lingering close), so the
        // kernel does not reset the connection and destroy the 413 before the client read it.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(LimitsConfig.Default with { MaxRequestBodyBytes = 1000 }, TestConfigs.Service(Domain, origin)));
        await using var client = await proxy.ConnectAsync();
        var body = BodyPattern.Create(2 * 1024 * 1024);

        await client.SendAsync("POST /up HTTP/1.1\r\nHost: svc.example\r\nContent-Length: " + body.Length + "\r\n\r\n");
        var uploading = SendIgnoringCloseAsync(client, body);
        var response = await client.ReadResponseAsync("POST");
        await uploading;

        Assert.Equal(413, response.StatusCode);
        Assert.Equal("<h1>Error 413: Content Too Large</h1>", response.BodyText);
        Assert.Equal(0, origin.BytesReceived);
    }

    private static async Task SendIgnoringCloseAsync(RawHttpClient client, byte[] body)
    {
        try
        {
            await client.SendInPiecesAsync(body, 64 * 1024);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or TimeoutException)
        {
            // The proxy may close once it has drained enough; the test is about the answer.
        }
    }

    [Fact]
    public async Task ChunkedBody_OverTheLimitInOnePiece_413AndNothingSent()
    {
        // The limit counts chunk-data, not framing: 2 × 500 bytes pass a 1000-byte limit, 3 do not.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(LimitsConfig.Default with { MaxRequestBodyBytes = 1000 }, TestConfigs.Service(Domain, origin)));
        await using var client = await proxy.ConnectAsync();
        var chunk = new string('c', 500);

        var fits = await client.SendAndReadAsync(RawRequest.Chunked("POST", Domain, "/fits", [chunk, chunk]), "POST");
        var over = await client.SendAndReadAsync(RawRequest.Chunked("POST", Domain, "/over", [chunk, chunk, chunk]), "POST");

        Assert.Equal(200, fits.StatusCode);
        Assert.Equal(413, over.StatusCode);
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the connection stayed open");
        Assert.Equal(["/fits"], origin.Requests.Select(static r => r.Target));
    }

    [Fact]
    public async Task ChunkedBody_CrossesTheLimitMidUpload_413AndTheMemberConnectionClosed()
    {
        // Part of the body already went to the member: its connection is closed so it never takes a truncated
        // request for a whole one, and the client, which has no response yet, gets 413.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(LimitsConfig.Default with { MaxRequestBodyBytes = 1000 }, TestConfigs.Service(Domain, origin)));
        await using var client = await proxy.ConnectAsync();
        var first = "POST /up HTTP/1.1\r\nHost: svc.example\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" + new string('a', 600) + "\r\n";

        await client.SendAsync(first);
        await origin.WaitForConnectionsAsync(1);
        await WaitForBytesAsync(origin, Encoding.Latin1.GetByteCount(first));
        await client.SendAsync("258\r\n" + new string('b', 600) + "\r\n0\r\n\r\n");
        var response = await client.ReadResponseAsync("POST");

        Assert.Equal(413, response.StatusCode);
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the connection stayed open");
        await origin.WaitForConnectionsClosedAsync(1);
        Assert.Empty(origin.Requests);
    }

    /// <summary>The origin holds the head and first chunk; bounded by count and time.</summary>
    private static async Task WaitForBytesAsync(TestOrigin origin, long bytes)
    {
        await Poll.UntilAsync(() => origin.BytesReceived >= bytes, "the first part of the body to reach the member", TestOrigin.DefaultTimeout,
            TimeSpan.FromMilliseconds(10));
    }
}
