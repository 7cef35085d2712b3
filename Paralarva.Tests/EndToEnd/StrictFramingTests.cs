using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// Request smuggling defences (RFC 9112 section 6 and 11.2): every ambiguously framed request is
/// answered 400 with the connection closed, and none of it reaches the member.
/// </summary>
public sealed class StrictFramingTests
{
    private const string Domain = "svc.example";
    private const string Head = "POST /smuggle HTTP/1.1\r\nHost: svc.example\r\n";

    public static TheoryData<string, string> AmbiguousRequests => new()
    {
        // RFC 9112 section 6.1: Content-Length with Transfer-Encoding "ought to be handled as an error"; a proxy MUST NOT forward both.
        { "CL and TE", Head + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" },
        { "TE and CL", Head + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" },
        // RFC 9112 section 6.3 point 5: differing Content-Length values are unrecoverable.
        { "two different CLs", Head + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!" },
        // RFC 9110 section 8.6 only allows accepting a list of identical values; the proxy refuses any list.
        { "CL comma list", Head + "Content-Length: 5, 5\r\n\r\nhello" },
        { "CL not a number", Head + "Content-Length: +5\r\n\r\nhello" },
        // RFC 9112 section 6.3 point 4: a request whose final coding is not chunked cannot be framed.
        { "TE gzip", Head + "Transfer-Encoding: gzip\r\n\r\nhello" },
        // RFC 9112 section 7: chunked MUST NOT be applied more than once.
        { "TE chunked twice", Head + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" },
        { "TE chunked then identity", Head + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n" },
        // RFC 9112 section 6.1: Transfer-Encoding in HTTP/1.0 means faulty framing, even with a Content-Length.
        { "TE in HTTP/1.0", "POST /smuggle HTTP/1.0\r\nHost: svc.example\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" },
        // RFC 9112 section 7.1: chunk-size is 1*HEXDIG.
        { "bad chunk size", Head + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n" },
        { "chunk size overflow", Head + "Transfer-Encoding: chunked\r\n\r\n10000000000000005\r\nhello\r\n0\r\n\r\n" },
        { "chunk size 0x prefix", Head + "Transfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n" },
        // RFC 9112 section 7.1 and 11.2: a bare LF in chunk framing is read differently by different parsers.
        { "bare LF after chunk size", Head + "Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n" },
        // RFC 9112 section 5.2: obs-fold in a request is rejected (or replaced); the proxy rejects.
        { "obs-fold", Head + "X-Folded: a\r\n b\r\nContent-Length: 0\r\n\r\n" },
        // RFC 9112 section 5.1: whitespace between field name and colon MUST be rejected with 400.
        { "space before colon", Head + "Content-Length : 5\r\n\r\nhello" },
    };

    [Theory]
    [MemberData(nameof(AmbiguousRequests))]
    public async Task AmbiguousRequest_400ClosedAndMemberReceivesNothing(string caseName, string request)
    {
        // RFC 9112 section 11.2: a proxy that forwarded any of these could be made to smuggle a request.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(request, "POST");

        Assert.True(400 == response.StatusCode, caseName + ": " + response);
        Assert.Equal("<h1>Error 400: Bad Request</h1>", response.BodyText);
        Assert.True(response.Headers.HasToken("Connection", "close"), response.ToString());
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), caseName + ": the proxy kept the connection open");
        await MemberProbe.AssertOnlyProbeArrivedAsync(proxy, origin, Domain);
    }

    [Fact]
    public async Task RequestHead_OverTheLimit_431Closed()
    {
        // RFC 6585 section 5: 431 when the header fields are too large; the limit is limits.max_request_head_bytes.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(LimitsConfig.Default with { MaxRequestHeadBytes = 2048 }, TestConfigs.Service(Domain, origin)));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/", "X-Big: " + new string('b', 3000)));

        Assert.Equal(431, response.StatusCode);
        Assert.Equal("<h1>Error 431: Request Header Fields Too Large</h1>", response.BodyText);
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the proxy kept the connection open");
        await MemberProbe.AssertOnlyProbeArrivedAsync(proxy, origin, Domain);
    }

    [Theory]
    [InlineData(2048, 200)]
    [InlineData(2049, 431)]
    public async Task RequestHead_AtTheLimitBoundaryInPieces_ForwardedOr431(int headBytes, int expectedStatus)
    {
        // RFC 6585 section 5: the limit is inclusive, and a head in pieces is measured like a whole one.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(LimitsConfig.Default with { MaxRequestHeadBytes = 2048 }, TestConfigs.Service(Domain, origin)));
        await using var client = await proxy.ConnectAsync();
        var padding = headBytes - RawRequest.Get(Domain, "/", "X-Big: ").Length;
        var request = RawRequest.Get(Domain, "/", "X-Big: " + new string('b', padding));
        Assert.Equal(headBytes, request.Length);

        await client.SendInPiecesAsync(System.Text.Encoding.Latin1.GetBytes(request), 100);
        var response = await client.ReadResponseAsync();

        Assert.Equal(expectedStatus, response.StatusCode);
        if (expectedStatus == 200)
            Assert.Equal(padding, Assert.Single(await origin.WaitForRequestsAsync(1)).Header("X-Big")!.Length);
        else
            await MemberProbe.AssertOnlyProbeArrivedAsync(proxy, origin, Domain);
    }
}
