using System.Text.RegularExpressions;
using Akka.IO;
using Paralarva.Actors.Config;
using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

public sealed class ResponseHeadWriterTests
{
    /// <summary>Member's head; closeClient; http10KeepAlive; the head the client must receive byte for byte.</summary>
    public static TheoryData<string, bool, bool, string> Cases => new()
    {
        {
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\n", false, false,
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\n"
        },
        {
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n", true, false,
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n"
        },
        // The member's version and persistence fields never reach the client; the proxy states its own.
        {
            "HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n", false, true,
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n"
        },
        // RFC 9110 section 7.6.1: hop-by-hop and Connection-named fields dropped; Transfer-Encoding relayed as is, and
        // Trailer (section 6.6.2), which announces the trailer section relayed with the chunked body.
        {
            "HTTP/1.1 201 Created\r\nConnection: X-Hop\r\nX-Hop: 1\r\nProxy-Connection: x\r\nTE: trailers\r\nTrailer: X-Sum\r\nUpgrade: h2c\r\nTransfer-Encoding: chunked\r\nX-End: 2\r\n\r\n", false, false,
            "HTTP/1.1 201 Created\r\nTrailer: X-Sum\r\nTransfer-Encoding: chunked\r\nX-End: 2\r\n\r\n"
        },
        // RFC 9110 section 5.6.1: the proxy sends Transfer-Encoding (it applies to one connection), so without empty
        // list elements and on one line; a well-formed one goes on byte for byte.
        {
            "HTTP/1.1 200 OK\r\ntransfer-encoding: ,chunked ,\r\n\r\n", false, false,
            "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
        },
        {
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip,\r\nX: 1\r\nTransfer-Encoding: , chunked\r\n\r\n", false, false,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nX: 1\r\n\r\n"
        },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", false, false, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n" },
        // RFC 9110 section 8.6, RFC 9112 section 6.1: no Content-Length or Transfer-Encoding in a 1xx or 204 (a 304
        // keeps its Content-Length: the length of the representation it stands for).
        { "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\nX: 1\r\n\r\n", false, false, "HTTP/1.1 204 No Content\r\nX: 1\r\n\r\n" },
        { "HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n", false, false, "HTTP/1.1 204 No Content\r\n\r\n" },
        { "HTTP/1.1 103 Early Hints\r\nContent-Length: 0\r\nLink: </a>\r\n\r\n", false, false, "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" },
        { "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n", false, false, "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n" },
        // The length of a body that follows goes on as a plain number; a 304's, which frames nothing, as it came.
        { "HTTP/1.1 200 OK\r\ncontent-length: 0002\r\n\r\n", false, false, "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n" },
        { "HTTP/1.1 304 Not Modified\r\nContent-Length: 0005\r\n\r\n", false, false, "HTTP/1.1 304 Not Modified\r\nContent-Length: 0005\r\n\r\n" },
        // RFC 9112 section 4: the reason is relayed as received, an empty one still gets its SP.
        { "HTTP/1.1 204\r\n\r\n", false, false, "HTTP/1.1 204 \r\n\r\n" },
        { "HTTP/1.1 204 \r\n\r\n", true, false, "HTTP/1.1 204 \r\nConnection: close\r\n\r\n" },
        { "HTTP/1.1 404 Not \u00e9 Found\r\n\r\n", false, false, "HTTP/1.1 404 Not \u00e9 Found\r\n\r\n" },
        { "HTTP/1.1 100 Continue\n\n", false, false, "HTTP/1.1 100 Continue\r\n\r\n" },
        // Lines leave with CRLF and one SP after the colon; names keep their case.
        { "HTTP/1.1 200 OK\nset-cookie:a=1\nSet-Cookie: b=2  \n\n", false, false, "HTTP/1.1 200 OK\r\nset-cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n" },
        // RFC 9110 section 7.8: a 101 keeps Upgrade and says Connection: upgrade.
        {
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\n", false, false,
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: x\r\nConnection: upgrade\r\n\r\n"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Write_ParsedHead_ExactBytes(string received, bool closeClient, bool http10KeepAlive, string expected)
    {
        var head = new ResponseHead();
        Assert.Equal(HeadParseStatus.Complete, ResponseHeadParser.Parse(HttpBytes.Of(received), HttpMethodKind.Get, head));
        var written = HttpBytes.Text(ResponseHeadWriter.Write(head, closeClient, http10KeepAlive).ToArray());
        Assert.Equal(expected, head.IsInterim ? written : AddedDate.Without(written));
    }

    /// <summary>The body of a small response joins the head's one copy: the client gets both in one write.</summary>
    [Fact]
    public void Write_WithBody_BodyBytesFollowTheHead()
    {
        var head = new ResponseHead();
        Assert.Equal(HeadParseStatus.Complete, ResponseHeadParser.Parse(HttpBytes.Of("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n"), HttpMethodKind.Get, head));
        // A body made of two segments, as a sliced and concatenated ByteString can be.
        var body = ByteString.FromBytes(HttpBytes.Of("hello ")).Concat(ByteString.FromBytes(HttpBytes.Of("world")));

        var written = ResponseHeadWriter.Write(head, closeClient: false, http10KeepAlive: false, body: body);

        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world", AddedDate.Without(HttpBytes.Text(written.ToArray())));
    }

    /// <summary>RFC 9110 section 6.6.1: a forwarded response without Date gets the time it was received, one with Date keeps its own.</summary>
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true)]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n", true)]
    [InlineData("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n", true)]
    [InlineData("HTTP/1.1 200 OK\r\ndate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 0\r\n\r\n", false)]
    // An interim response is not dated: its final response will be.
    [InlineData("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n", false)]
    public void Write_DateOnlyWhereMissing(string received, bool added)
    {
        var head = new ResponseHead();
        Assert.Equal(HeadParseStatus.Complete, ResponseHeadParser.Parse(HttpBytes.Of(received), HttpMethodKind.Get, head));

        var written = HttpBytes.Text(ResponseHeadWriter.Write(head, closeClient: false, http10KeepAlive: false).ToArray());

        var datesReceived = Regex.Count(received, "\r\ndate:", RegexOptions.IgnoreCase);
        if (added)
        {
            Assert.Equal(0, datesReceived);
            AddedDate.Without(written);
        }
        else
        {
            Assert.Equal(datesReceived, Regex.Count(written, "\r\ndate:", RegexOptions.IgnoreCase));
        }

        if (datesReceived > 0)
            Assert.Contains("\r\ndate: Sun, 06 Nov 1994 08:49:37 GMT\r\n", written);
    }

    /// <summary>A service's response_headers rule for Date (set or remove) decides: the proxy adds none of its own.</summary>
    [Theory]
    [InlineData("set")]
    [InlineData("remove")]
    public void Write_DateRule_NoDateOfTheProxy(string rule)
    {
        var rules = rule == "set"
            ? new HeaderRules([new("Date", "Thu, 01 Jan 1970 00:00:00 GMT")], [], [])
            : new HeaderRules([], [], ["date"]);
        var head = new ResponseHead();
        ResponseHeadParser.Parse(HttpBytes.Of("HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 0\r\n\r\n"), HttpMethodKind.Get, head);

        var written = HttpBytes.Text(ResponseHeadWriter.Write(head, closeClient: false, http10KeepAlive: false, rules: rules).ToArray());

        Assert.Equal(
            rule == "set" ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\n\r\n" : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
            written);
    }

    /// <summary>An HTTP/1.0 client gets the body without its chunked coding, so without the trailer section Trailer announces.</summary>
    [Fact]
    public void Write_ChunkedRemoved_TrailerDroppedWithIt()
    {
        var head = new ResponseHead();
        ResponseHeadParser.Parse(HttpBytes.Of("HTTP/1.1 200 OK\r\nTrailer: X-Sum\r\nTransfer-Encoding: chunked\r\nX-End: 2\r\n\r\n"), HttpMethodKind.Get, head);

        var written = HttpBytes.Text(ResponseHeadWriter.Write(head, closeClient: true, http10KeepAlive: false, removeChunked: true).ToArray());

        Assert.Equal("HTTP/1.1 200 OK\r\nX-End: 2\r\nConnection: close\r\n\r\n", AddedDate.Without(written));
    }
}
