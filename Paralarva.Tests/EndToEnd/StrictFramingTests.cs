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
        { "tab before colon", Head + "Transfer-Encoding\t: chunked\r\n\r\n0\r\n\r\n" },

        // RFC 9110 section 8.6: Content-Length = 1*DIGIT.
        { "CL negative", Head + "Content-Length: -1\r\n\r\n" },
        { "CL empty", Head + "Content-Length: \r\n\r\nhello" },
        { "CL hex", Head + "Content-Length: 0x5\r\n\r\nhello" },
        { "CL inner space", Head + "Content-Length: 1 2\r\n\r\nhello" },
        { "CL trailing comma", Head + "Content-Length: 5,\r\n\r\nhello" },
        { "CL overflow", Head + "Content-Length: 99999999999999999999\r\n\r\nhello" },
        // RFC 9112 section 6.3 point 5 lets a recipient merge equal values; the proxy never guesses.
        { "two equal CLs", Head + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello" },
        { "CL and TE in HTTP/1.0", "POST /smuggle HTTP/1.0\r\nHost: svc.example\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" },

        // RFC 9112 section 6.1 and 7: the final coding of a request must be chunked, spelt as a token, without parameters.
        { "TE identity", Head + "Transfer-Encoding: identity\r\n\r\nhello" },
        { "TE xchunked", Head + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" },
        { "TE quoted chunked", Head + "Transfer-Encoding: \"chunked\"\r\n\r\n0\r\n\r\n" },
        { "TE chunked with a parameter", Head + "Transfer-Encoding: chunked;q=1\r\n\r\n0\r\n\r\n" },
        { "TE empty", Head + "Transfer-Encoding: \r\n\r\n0\r\n\r\n" },
        { "TE vertical tab", Head + "Transfer-Encoding:\u000bchunked\r\n\r\n0\r\n\r\n" },
        { "TE folded", Head + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n" },

        // RFC 9112 section 7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF.
        { "chunk size negative", Head + "Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n" },
        { "chunk size leading space", Head + "Transfer-Encoding: chunked\r\n\r\n 5\r\nhello\r\n0\r\n\r\n" },
        { "chunk size empty", Head + "Transfer-Encoding: chunked\r\n\r\n\r\nhello\r\n0\r\n\r\n" },
        { "chunk data longer than its size", Head + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello!!\r\n0\r\n\r\n" },
        { "bare LF after chunk data", Head + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\n0\r\n\r\n" },
        { "chunk ext without a name", Head + "Transfer-Encoding: chunked\r\n\r\n5;\r\nhello\r\n0\r\n\r\n" },
        { "chunk ext with a space inside", Head + "Transfer-Encoding: chunked\r\n\r\n5;a b\r\nhello\r\n0\r\n\r\n" },
        { "chunk ext unterminated quote", Head + "Transfer-Encoding: chunked\r\n\r\n5;a=\"x\r\nhello\r\n0\r\n\r\n" },
        { "chunk ext bare CR", Head + "Transfer-Encoding: chunked\r\n\r\n5;a\rb\r\nhello\r\n0\r\n\r\n" },
        { "chunk ext too long", Head + "Transfer-Encoding: chunked\r\n\r\n5;" + new string('e', 5000) + "\r\nhello\r\n0\r\n\r\n" },
        { "trailer obs-fold", Head + "Transfer-Encoding: chunked\r\n\r\n0\r\nX-T: a\r\n b\r\n\r\n" },

        // RFC 9112 section 2.2: a bare CR is invalid; RFC 9110 section 5.5: no CTL (NUL included) in a field.
        { "bare CR in a value", Head + "X-A: a\rContent-Length: 5\r\n\r\nhello" },
        { "bare CR ending a line", Head + "X-A: a\rTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" },
        { "NUL in a value", Head + "X-A: a\0b\r\nContent-Length: 0\r\n\r\n" },
        { "NUL in a name", Head + "X-\0A: b\r\nContent-Length: 0\r\n\r\n" },
        { "control char in a name", Head + "X-\u0001A: b\r\nContent-Length: 0\r\n\r\n" },
        { "DEL in a value", Head + "X-A: a\u007fb\r\nContent-Length: 0\r\n\r\n" },
        { "empty field name", Head + ": nameless\r\nContent-Length: 0\r\n\r\n" },
        { "name with a space", Head + "X A: b\r\nContent-Length: 0\r\n\r\n" },
        // RFC 9112 section 2.2: whitespace between the start-line and the first field is rejected (or the line skipped).
        { "whitespace line after the request line", "POST /smuggle HTTP/1.1\r\n Content-Length: 5\r\nHost: svc.example\r\n\r\nhello" },

        // RFC 9112 section 3: method SP request-target SP HTTP-version, single spaces, visible target.
        { "double space in the request line", "POST  /smuggle HTTP/1.1\r\nHost: svc.example\r\nContent-Length: 0\r\n\r\n" },
        { "tab in the request line", "POST\t/smuggle HTTP/1.1\r\nHost: svc.example\r\nContent-Length: 0\r\n\r\n" },
        { "bare CR in the request line", "POST /smuggle\rX HTTP/1.1\r\nHost: svc.example\r\nContent-Length: 0\r\n\r\n" },
        { "space in the target", "POST /a b HTTP/1.1\r\nHost: svc.example\r\nContent-Length: 0\r\n\r\n" },
        { "unknown major version", "POST /smuggle HTTP/2.0\r\nHost: svc.example\r\nContent-Length: 0\r\n\r\n" },
        { "lower-case version", "POST /smuggle http/1.1\r\nHost: svc.example\r\nContent-Length: 0\r\n\r\n" },
        // RFC 9110 section 4.2.4: userinfo in an http(s) URI is refused.
        { "userinfo in an absolute target", "POST http://user@svc.example/ HTTP/1.1\r\nHost: svc.example\r\nContent-Length: 0\r\n\r\n" },
        // RFC 9110 section 7.6.1: dropping a framing field because Connection names it would desynchronise the hops.
        { "Connection names Content-Length", Head + "Connection: content-length\r\nContent-Length: 5\r\n\r\nhello" },
        { "Connection names Transfer-Encoding", Head + "Connection: transfer-encoding\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" },
        // RFC 9112 section 6.3 point 2: a 2xx to CONNECT makes the member connection a tunnel; the proxy offers none.
        { "CONNECT", "CONNECT svc.example:443 HTTP/1.1\r\nHost: svc.example\r\n\r\n" },
        { "Host with a space", "POST /smuggle HTTP/1.1\r\nHost: svc example\r\nContent-Length: 0\r\n\r\n" },
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
        // Not one byte: not even a head whose body turned out to be malformed.
        Assert.True(0 == origin.BytesReceived, caseName + ": the member received " + origin.BytesReceived + " bytes");
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
