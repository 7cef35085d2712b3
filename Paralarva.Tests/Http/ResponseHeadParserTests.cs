using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

public sealed class ResponseHeadParserTests
{
    /// <summary>Head; request method; status; HTTP/1.1; framing; Content-Length; member connection reusable.</summary>
    public static TheoryData<string, HttpMethodKind, int, bool, BodyFraming, long, bool> Valid => new()
    {
        { "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", HttpMethodKind.Get, 200, true, BodyFraming.ContentLength, 5, true },
        { "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", HttpMethodKind.Get, 200, true, BodyFraming.ContentLength, 0, true },
        { "HTTP/1.1 200 OK\nContent-Length: 5\n\n", HttpMethodKind.Get, 200, true, BodyFraming.ContentLength, 5, true },
        // RFC 9112 section 6.3 point 4: a final chunked coding frames the body, whatever came before it.
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", HttpMethodKind.Get, 200, true, BodyFraming.Chunked, -1, true },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n", HttpMethodKind.Post, 200, true, BodyFraming.Chunked, -1, true },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n", HttpMethodKind.Get, 200, true, BodyFraming.Chunked, -1, true },
        // RFC 9112 section 6.3 point 4: a final coding other than chunked means read until close.
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", HttpMethodKind.Get, 200, true, BodyFraming.UntilClose, -1, false },
        // RFC 9112 section 6.3 point 8: neither field means read until close.
        { "HTTP/1.1 200 OK\r\nServer: x\r\n\r\n", HttpMethodKind.Get, 200, true, BodyFraming.UntilClose, -1, false },
        { "HTTP/1.0 200 OK\r\n\r\n", HttpMethodKind.Get, 200, false, BodyFraming.UntilClose, -1, false },
        // RFC 9112 section 6.3 point 1: HEAD, 1xx, 204 and 304 have no body whatever the fields say.
        { "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", HttpMethodKind.Head, 200, true, BodyFraming.None, -1, true },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", HttpMethodKind.Head, 200, true, BodyFraming.None, -1, true },
        { "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", HttpMethodKind.Head, 200, true, BodyFraming.None, -1, true },
        { "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", HttpMethodKind.Get, 204, true, BodyFraming.None, -1, true },
        { "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n", HttpMethodKind.Get, 304, true, BodyFraming.None, -1, true },
        { "HTTP/1.1 100 Continue\r\n\r\n", HttpMethodKind.Post, 100, true, BodyFraming.None, -1, true },
        { "HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n", HttpMethodKind.Get, 103, true, BodyFraming.None, -1, true },
        { "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n", HttpMethodKind.Get, 101, true, BodyFraming.None, -1, true },
        // RFC 9112 section 9.3: persistence by version and Connection.
        { "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n", HttpMethodKind.Get, 200, false, BodyFraming.ContentLength, 2, false },
        { "HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: Keep-Alive\r\n\r\n", HttpMethodKind.Get, 200, false, BodyFraming.ContentLength, 2, true },
        { "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n", HttpMethodKind.Get, 200, true, BodyFraming.ContentLength, 2, false },
        { "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nConnection: x-a, close\r\nX-A: 1\r\n\r\n", HttpMethodKind.Get, 404, true, BodyFraming.ContentLength, 2, false },
        // RFC 9112 section 4: an empty reason, with or without its SP (nginx accepts both).
        { "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n", HttpMethodKind.Get, 200, true, BodyFraming.ContentLength, 0, true },
        { "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", HttpMethodKind.Get, 200, true, BodyFraming.ContentLength, 0, true },
        { "HTTP/1.1 599 Odd \u00e9 reason\t\r\nContent-Length: 0\r\n\r\n", HttpMethodKind.Get, 599, true, BodyFraming.ContentLength, 0, true },
        // RFC 9110 section 2.5: a higher 1.x minor version is treated as 1.1.
        { "HTTP/1.2 200 OK\r\nContent-Length: 0\r\n\r\n", HttpMethodKind.Get, 200, true, BodyFraming.ContentLength, 0, true },
    };

    /// <summary>Response heads that must be refused (502), each with the rule it breaks.</summary>
    public static TheoryData<string, string> Invalid => new()
    {
        // RFC 9112 section 6.3 point 3: both framings at once.
        { "TE+CL", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n" },
        { "TE gzip + CL", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 5\r\n\r\n" },
        // RFC 9112 section 6.3 point 5: several or malformed Content-Length.
        { "CL,CL", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n" },
        { "CL list", "HTTP/1.1 200 OK\r\nContent-Length: 5,5\r\n\r\n" },
        { "CL letters", "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n" },
        { "CL +5", "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\n" },
        // RFC 9112 section 7: chunked twice; an empty coding list; transfer codings in HTTP/1.0 (section 6.1).
        { "TE chunked twice", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n" },
        // Chunked, then another coding over it: a client that sees "chunked" reads chunks that are not there (curl
        // fails); HAProxy answers 502 too, and nginx drops the response.
        { "TE chunked, gzip", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n" },
        { "TE chunked line then gzip line", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n" },
        { "TE empty", "HTTP/1.1 200 OK\r\nTransfer-Encoding:\r\n\r\n" },
        { "TE in HTTP/1.0", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" },
        // RFC 9112 section 4: status-line syntax.
        { "status 099", "HTTP/1.1 099 Low\r\n\r\n" },
        { "status 600", "HTTP/1.1 600 High\r\n\r\n" },
        { "two-digit status", "HTTP/1.1 20 OK\r\n\r\n" },
        { "four-digit status", "HTTP/1.1 2000 OK\r\n\r\n" },
        { "HTTP/2.0", "HTTP/2.0 200 OK\r\n\r\n" },
        { "lower-case version", "http/1.1 200 OK\r\n\r\n" },
        { "double space", "HTTP/1.1  200 OK\r\n\r\n" },
        { "CTL in reason", "HTTP/1.1 200 O\u0001K\r\n\r\n" },
        { "bare CR in reason", "HTTP/1.1 200 O\rK\r\n\r\n" },
        { "leading empty line", "\r\nHTTP/1.1 200 OK\r\n\r\n" },
        // RFC 9112 section 5: field lines as strict as for requests.
        { "obs-fold", "HTTP/1.1 200 OK\r\nX: a\r\n b\r\nContent-Length: 0\r\n\r\n" },
        { "space before colon", "HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n" },
        { "NUL in value", "HTTP/1.1 200 OK\r\nX: \0\r\nContent-Length: 0\r\n\r\n" },
        { "bare CR line end", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\r\n\r\n" },
        { "Connection names Content-Length", "HTTP/1.1 200 OK\r\nConnection: content-length\r\nContent-Length: 0\r\n\r\n" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_ValidHead_Complete(string raw, HttpMethodKind method, int status, bool http11, BodyFraming framing, long contentLength, bool keepAlive)
    {
        var data = HttpBytes.Of(raw);
        var head = new ResponseHead();
        foreach (var cuts in HttpBytes.AllSplits(data.Length))
        {
            var end = HttpBytes.ScanInPieces(data, cuts);
            Assert.Equal(data.Length, end);
            Assert.Equal(HeadParseStatus.Complete, ResponseHeadParser.Parse(data.AsSpan(0, end), method, head));
            Assert.Equal(status, head.StatusCode);
            Assert.Equal(http11, head.IsHttp11);
            Assert.Equal(framing, head.Framing);
            Assert.Equal(contentLength, head.ContentLength);
            Assert.Equal(keepAlive, head.KeepAlive);
        }
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Parse_InvalidHead_Invalid(string rule, string raw)
    {
        var head = new ResponseHead();
        Assert.True(HeadParseStatus.Invalid == ResponseHeadParser.Parse(HttpBytes.Of(raw), HttpMethodKind.Get, head), rule);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(102, true)]
    [InlineData(103, true)]
    [InlineData(101, false)]
    [InlineData(200, false)]
    public void Parse_1xx_InterimExcept101(int status, bool interim)
    {
        var head = new ResponseHead();
        ResponseHeadParser.Parse(HttpBytes.Of("HTTP/1.1 " + status + " X\r\n\r\n"), HttpMethodKind.Get, head);
        Assert.Equal(interim, head.IsInterim);
    }

    [Fact]
    public void Parse_ReusedHead_ForgetsPreviousResponse()
    {
        var head = new ResponseHead();
        ResponseHeadParser.Parse(HttpBytes.Of("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Pad: " + new string('p', 3000) + "\r\n\r\n"), HttpMethodKind.Get, head);
        Assert.Equal(HeadParseStatus.Complete, ResponseHeadParser.Parse(HttpBytes.Of("HTTP/1.0 404 Gone\r\n\r\n"), HttpMethodKind.Get, head));
        Assert.Equal(404, head.StatusCode);
        Assert.Equal(BodyFraming.UntilClose, head.Framing);
        Assert.Equal(-1, head.ContentLength);
        Assert.Equal(0, head.HeaderCount);
        Assert.Equal("Gone", HttpBytes.Text(head.Reason));
    }
}
