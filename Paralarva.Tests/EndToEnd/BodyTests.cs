using System.Globalization;
using System.Text;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>Message bodies through the proxy, by every framing of RFC 9112 section 6, and the bodiless responses.</summary>
public sealed class BodyTests
{
    private const string Domain = "svc.example";

    [Fact]
    public async Task RequestBody_ContentLength_ArrivesIntact()
    {
        // RFC 9112 section 6.2: Content-Length frames the request body; every byte reaches the member unchanged.
        const int length = 300_000;
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync("POST /upload HTTP/1.1\r\nHost: svc.example\r\nContent-Length: " + length + "\r\n\r\n");
        await client.SendAsync(BodyPattern.Create(length));
        var response = await client.ReadResponseAsync();

        Assert.Equal(200, response.StatusCode);
        var seen = Assert.Single(await origin.WaitForRequestsAsync(1));
        Assert.Equal(WireFraming.ContentLength, seen.Framing);
        Assert.Equal(length, seen.BodyLength);
        Assert.Equal(BodyPattern.Sha256Hex(length), seen.BodySha256);
    }

    [Fact]
    public async Task RequestBody_ChunkedManyChunksSentByteByByte_ArrivesIntact()
    {
        // RFC 9112 section 7.1: the head, every chunk-size line and every chunk may arrive split anywhere.
        var sizes = Enumerable.Range(1, 40).Select(i => (i * 7) % 61 + 1).ToArray();
        var body = BodyPattern.Create(sizes.Sum());
        var request = new StringBuilder("POST /chunks HTTP/1.1\r\nHost: svc.example\r\nTransfer-Encoding: chunked\r\n\r\n");
        var offset = 0;
        foreach (var size in sizes)
        {
            request.Append(size.ToString("x", CultureInfo.InvariantCulture)).Append(offset % 3 == 0 ? ";ext=1" : string.Empty).Append("\r\n");
            request.Append(Encoding.Latin1.GetString(body, offset, size)).Append("\r\n");
            offset += size;
        }

        request.Append("0\r\nX-Sum: 40 chunks\r\n\r\n");
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        await client.SendByteByByteAsync(request.ToString());
        var response = await client.ReadResponseAsync();

        Assert.Equal(200, response.StatusCode);
        var seen = Assert.Single(await origin.WaitForRequestsAsync(1));
        Assert.Equal(WireFraming.Chunked, seen.Framing);
        Assert.Equal(body.Length, seen.BodyLength);
        Assert.Equal(BodyCollector.Sha256Hex(body), seen.BodySha256);
        // The proxy keeps the chunked coding (it does not decode it), so the trailer section goes along.
        Assert.Equal("40 chunks", seen.Trailers.Get("X-Sum"));
        Assert.Empty(origin.ProtocolErrors);
    }

    [Fact]
    public async Task ResponseBody_ContentLength_ArrivesIntact()
    {
        // RFC 9112 section 6.2: Content-Length frames the response body; relayed piece by piece, unchanged.
        const int length = 300_000;
        await using var origin = new TestOrigin("a", _ => OriginResponse.Large(length) with { Pieces = 5 });
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/download"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(WireFraming.ContentLength, response.Framing);
        Assert.Equal(length.ToString(CultureInfo.InvariantCulture), response.Header("Content-Length"));
        Assert.Equal(BodyPattern.Sha256Hex(length), response.BodySha256);
        Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/again"))).StatusCode);
    }

    [Fact]
    public async Task ResponseBody_Chunked_ClientSeesValidChunkedBody()
    {
        // RFC 9112 section 7.1: chunked coding, last-chunk and trailer section all reach an HTTP/1.1 client intact.
        const int length = 200_000;
        await using var origin = new TestOrigin("a", _ => OriginResponse.Large(length, WireFraming.Chunked)
            .InPieces(7).WithTrailer("X-Checksum", "pattern"));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/chunked"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(WireFraming.Chunked, response.Framing);
        Assert.Equal("chunked", response.Header("Transfer-Encoding"));
        Assert.Null(response.Header("Content-Length"));
        Assert.Equal(length, response.BodyLength);
        Assert.Equal(BodyPattern.Sha256Hex(length), response.BodySha256);
        Assert.Equal("pattern", response.Trailers.Get("X-Checksum"));
        // The end of the chunked body was found: the connection carries the next exchange.
        Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/again"))).StatusCode);
    }

    [Fact]
    public async Task ResponseBody_CloseDelimited_RelayedThenClientConnectionClosed()
    {
        // RFC 9112 section 6.3 point 8: without Content-Length or chunked, the body ends when the member closes,
        // so the only way to delimit it for the client is to close the client connection too.
        const int length = 100_000;
        await using var origin = new TestOrigin("a", _ => OriginResponse.Large(length).CloseDelimited(pieces: 3));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/until-close"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(WireFraming.CloseDelimited, response.Framing);
        Assert.Equal(length, response.BodyLength);
        Assert.Equal(BodyPattern.Sha256Hex(length), response.BodySha256);
        Assert.True(response.Headers.HasToken("Connection", "close"), response.ToString());
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout));
        Assert.False(client.SawReset, "the client connection was reset, not closed");
    }

    [Fact]
    public async Task HeadResponse_WithContentLength_HasNoBodyAndConnectionStaysUsable()
    {
        // RFC 9110 section 9.3.2 and RFC 9112 section 6.3 point 1: a HEAD response ends with its head.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var head = await client.SendAndReadAsync("HEAD /doc HTTP/1.1\r\nHost: svc.example\r\n\r\n", "HEAD");
        var get = await client.SendAndReadAsync(RawRequest.Get(Domain, "/doc"));

        Assert.Equal(200, head.StatusCode);
        Assert.Equal(origin.DefaultBody.Length.ToString(CultureInfo.InvariantCulture), head.Header("Content-Length"));
        Assert.Equal(0, head.BodyLength);
        Assert.Equal(200, get.StatusCode);
        Assert.Equal(origin.DefaultBody, get.BodyText);
        Assert.Equal([1, 1], (await origin.WaitForRequestsAsync(2)).Select(r => r.ConnectionId));
    }

    [Theory]
    [InlineData(204)]
    [InlineData(304)]
    public async Task BodilessStatus_NoBodyAndConnectionStaysUsable(int status)
    {
        // RFC 9112 section 6.3 point 1: 204 and 304 end with their head, whatever Content-Length a 304 announces
        // (RFC 9110 section 8.6: it is the length the selected representation would have had).
        await using var origin = new TestOrigin("a", req => req.Target == "/bodiless"
            ? OriginResponse.Empty(status).WithHeader("ETag", "\"v1\"").WithHeader("Content-Length", status == 304 ? "1234" : "0")
            : OriginResponse.Ok("after"));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var bodiless = await client.SendAndReadAsync(RawRequest.Get(Domain, "/bodiless"));
        var after = await client.SendAndReadAsync(RawRequest.Get(Domain, "/after"));

        Assert.Equal(status, bodiless.StatusCode);
        Assert.Equal("\"v1\"", bodiless.Header("ETag"));
        Assert.Equal(0, bodiless.BodyLength);
        Assert.Equal("after", after.BodyText);
        Assert.Equal([1, 1], (await origin.WaitForRequestsAsync(2)).Select(r => r.ConnectionId));
    }

    [Fact]
    public async Task ExpectContinue_MemberSends100_ClientGets100ThenFinalResponse()
    {
        // RFC 9110 section 10.1.1: the client waits for 100 (Continue) before sending the body; a proxy relays it.
        await using var origin = new TestOrigin("a", req => OriginResponse.Ok("got " + req.BodyText), new TestOriginOptions { SendContinue = true });
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync("POST /upload HTTP/1.1\r\nHost: svc.example\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n");
        var interim = await client.ReadResponseAsync("POST");
        await client.SendAsync("hello world");
        var final = await client.ReadResponseAsync("POST");

        Assert.Equal(100, interim.StatusCode);
        Assert.StartsWith("HTTP/1.1 100 Continue\r\n", Encoding.Latin1.GetString(interim.Head), StringComparison.Ordinal);
        Assert.Equal(200, final.StatusCode);
        Assert.Equal("got hello world", final.BodyText);
        var seen = Assert.Single(await origin.WaitForRequestsAsync(1));
        Assert.Equal("100-continue", seen.Header("Expect"));
    }
    [Fact]
    public async Task ResponseLongerThanContentLength_ExtraBytesNeverReachTheClient()
    {
        // RFC 9112 section 6.3 point 6: the body is exactly Content-Length bytes; what follows is not part of this
        // response, and relaying it would let a member split responses (section 11.1). Nor is the connection reused.
        await using var origin = new TestOrigin("a", req => req.Target == "/long"
            ? OriginResponse.RawText("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled")
            : OriginResponse.Ok("honest"));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var first = await client.SendAndReadAsync(RawRequest.Get(Domain, "/long"));
        var second = await client.SendAndReadAsync(RawRequest.Get(Domain, "/next"));

        Assert.Equal("hello", first.BodyText);
        Assert.Equal("honest", second.BodyText);
        Assert.Equal([1, 2], (await origin.WaitForRequestsAsync(2)).Select(r => r.ConnectionId));
    }
    [Theory]
    [InlineData("HTTP/1.1", true)]
    [InlineData("HTTP/1.0", false)]
    public async Task InterimResponses_RelayedToHttp11ClientsOnly(string version, bool relayed)
    {
        // RFC 9110 section 15.2: a proxy forwards 1xx responses, except to an HTTP/1.0 client, which cannot take them.
        await using var origin = new TestOrigin("a", _ => OriginResponse.RawText(
            "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal"));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync("GET /hints " + version + "\r\nHost: svc.example\r\n\r\n");
        var first = await client.ReadResponseAsync();

        if (relayed)
        {
            Assert.Equal(103, first.StatusCode);
            Assert.Equal("</style.css>; rel=preload", first.Header("Link"));
            first = await client.ReadResponseAsync();
        }

        Assert.Equal(200, first.StatusCode);
        Assert.Equal("final", first.BodyText);
    }

    [Theory]
    [InlineData(48 * 1024, 200)]
    [InlineData(80 * 1024, 502)]
    public async Task LargeResponseHead_RelayedUpToTheLimitElse502(int headerBytes, int status)
    {
        // Members may send large heads (many Set-Cookie lines); beyond 64 KiB the proxy refuses, as nginx does.
        var cookies = Enumerable.Range(0, headerBytes / 1024)
            .Select(i => new KeyValuePair<string, string>("Set-Cookie", "c" + i + "=" + new string('v', 1000))).ToList();
        await using var origin = new TestOrigin("a", req => req.Target == "/big-head"
            ? OriginResponse.Ok("big") with { Headers = cookies }
            : OriginResponse.Ok("small"));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/big-head"));

        Assert.Equal(status, response.StatusCode);
        if (status == 200)
        {
            Assert.Equal(cookies.Select(c => c.Value), response.Headers.GetAll("Set-Cookie"));
            Assert.Equal("big", response.BodyText);
            Assert.Equal("small", (await client.SendAndReadAsync(RawRequest.Get(Domain, "/small"))).BodyText);
        }
    }
}
