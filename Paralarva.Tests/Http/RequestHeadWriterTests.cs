using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

public sealed class RequestHeadWriterTests
{
    private const string Forwarded = "X-Forwarded-For: 10.0.0.9\r\nX-Forwarded-Proto: http\r\n";

    /// <summary>Received head, and the head the member must receive byte for byte (client 10.0.0.9).</summary>
    public static TheoryData<string, string> Cases => new()
    {
        {
            "GET /p?q=1 HTTP/1.1\r\nHost: a.example\r\nAccept: */*\r\n\r\n",
            "GET /p?q=1 HTTP/1.1\r\nHost: a.example\r\nAccept: */*\r\n" + Forwarded + "X-Forwarded-Host: a.example\r\n\r\n"
        },
        // RFC 9110 section 7.6.1: hop-by-hop fields and the fields Connection names are dropped; Transfer-Encoding and
        // Trailer (section 6.6.2) stay.
        {
            "POST /u HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, X-Secret\r\nKeep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\n"
                + "TE: trailers\r\nTrailer: X-Sum\r\nUpgrade: h2c\r\nX-Secret: 1\r\nx-secret: 2\r\nTransfer-Encoding: chunked\r\nX-Kept: yes\r\n\r\n",
            "POST /u HTTP/1.1\r\nHost: a\r\nTrailer: X-Sum\r\nTransfer-Encoding: chunked\r\nX-Kept: yes\r\n" + Forwarded + "X-Forwarded-Host: a\r\n\r\n"
        },
        // RFC 9110 section 5.6.1: the proxy is the sender of Transfer-Encoding, so it goes on without the empty list
        // elements it accepted, under the name as received: no member can read it differently from the proxy.
        {
            "POST /u HTTP/1.1\r\nHost: a\r\ntransfer-encoding: , chunked ,\r\nX-Kept: yes\r\n\r\n",
            "POST /u HTTP/1.1\r\nHost: a\r\ntransfer-encoding: chunked\r\nX-Kept: yes\r\n" + Forwarded + "X-Forwarded-Host: a\r\n\r\n"
        },
        // RFC 9110 section 8.6: leading zeros are valid, and the length goes on as a plain number, under the name as received.
        {
            "POST /u HTTP/1.1\r\nHost: a\r\ncontent-length: 00000000000000000000000000005\r\n\r\n",
            "POST /u HTTP/1.1\r\nHost: a\r\ncontent-length: 5\r\n" + Forwarded + "X-Forwarded-Host: a\r\n\r\n"
        },
        // RFC 9110 section 7.6.2: a TRACE or OPTIONS goes on with one hop less; other methods and unreadable values as received.
        {
            "OPTIONS * HTTP/1.1\r\nHost: a\r\nmax-forwards: 0010\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: a\r\nmax-forwards: 9\r\n" + Forwarded + "X-Forwarded-Host: a\r\n\r\n"
        },
        {
            "TRACE / HTTP/1.1\r\nHost: a\r\nMax-Forwards: 1\r\n\r\n",
            "TRACE / HTTP/1.1\r\nHost: a\r\nMax-Forwards: 0\r\n" + Forwarded + "X-Forwarded-Host: a\r\n\r\n"
        },
        {
            "GET / HTTP/1.1\r\nHost: a\r\nMax-Forwards: 5\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nMax-Forwards: 5\r\n" + Forwarded + "X-Forwarded-Host: a\r\n\r\n"
        },
        {
            "OPTIONS / HTTP/1.1\r\nHost: a\r\nMax-Forwards: five\r\n\r\n",
            "OPTIONS / HTTP/1.1\r\nHost: a\r\nMax-Forwards: five\r\n" + Forwarded + "X-Forwarded-Host: a\r\n\r\n"
        },
        // X-Forwarded-For chains every received value; X-Forwarded-Proto and -Host replace received ones.
        {
            "GET / HTTP/1.1\r\nX-Forwarded-For: 1.1.1.1\r\nHost: a\r\nX-Forwarded-Proto: https\r\nx-forwarded-for: 2.2.2.2, 3.3.3.3\r\nX-Forwarded-Host: evil\r\nX-Forwarded-For:\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 1.1.1.1, 2.2.2.2, 3.3.3.3, 10.0.0.9\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: a\r\n\r\n"
        },
        // RFC 9112 section 3.2.2: absolute-form becomes origin-form and its authority replaces Host.
        {
            "GET http://B.example:81/p?q HTTP/1.1\r\nhost: other\r\nAccept: x\r\n\r\n",
            "GET /p?q HTTP/1.1\r\nhost: B.example:81\r\nAccept: x\r\n" + Forwarded + "X-Forwarded-Host: B.example:81\r\n\r\n"
        },
        {
            "GET http://a.example HTTP/1.1\r\nHost: a.example\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a.example\r\n" + Forwarded + "X-Forwarded-Host: a.example\r\n\r\n"
        },
        {
            "GET https://a.example?x=1 HTTP/1.1\r\nHost: a.example\r\n\r\n",
            "GET /?x=1 HTTP/1.1\r\nHost: a.example\r\n" + Forwarded + "X-Forwarded-Host: a.example\r\n\r\n"
        },
        // RFC 9112 section 3.2.4: OPTIONS to an absolute URI without path or query goes out as "*".
        {
            "OPTIONS http://a.example HTTP/1.1\r\nHost: a.example\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: a.example\r\n" + Forwarded + "X-Forwarded-Host: a.example\r\n\r\n"
        },
        {
            "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: a\r\n" + Forwarded + "X-Forwarded-Host: a\r\n\r\n"
        },
        // An HTTP/1.0 request without Host goes out as HTTP/1.1, so it gets Host from its target.
        {
            "GET http://a.example/x HTTP/1.0\r\nUser-Agent: old\r\n\r\n",
            "GET /x HTTP/1.1\r\nHost: a.example\r\nUser-Agent: old\r\n" + Forwarded + "X-Forwarded-Host: a.example\r\n\r\n"
        },
        {
            "GET / HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\n" + Forwarded + "X-Forwarded-Host: a\r\n\r\n"
        },
        // Lines leave with CRLF and one SP after the colon whatever came in; names keep their case; OWS trimmed.
        {
            "\nPUT /x HTTP/1.1\nHOST:a\nContent-Length:3\nX-Sp: \t v  v \t\n\n",
            "PUT /x HTTP/1.1\r\nHOST: a\r\nContent-Length: 3\r\nX-Sp: v  v\r\n" + Forwarded + "X-Forwarded-Host: a\r\n\r\n"
        },
        {
            "CUSTOM /x HTTP/1.1\r\nHost: a\r\nX-Bin: caf\u00e9\r\n\r\n",
            "CUSTOM /x HTTP/1.1\r\nHost: a\r\nX-Bin: caf\u00e9\r\n" + Forwarded + "X-Forwarded-Host: a\r\n\r\n"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Write_ParsedHead_ExactBytes(string received, string expected)
    {
        var head = new RequestHead();
        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(HttpBytes.Of(received), head));
        Assert.Equal(expected, HttpBytes.Text(RequestHeadWriter.Write(head, "10.0.0.9"u8).ToArray()));
    }

    [Fact]
    public void Write_Twice_EarlierResultUnchanged()
    {
        var head = new RequestHead();
        RequestHeadParser.Parse(HttpBytes.Of("GET /first HTTP/1.1\r\nHost: a\r\n\r\n"), head);
        var first = RequestHeadWriter.Write(head, "1.1.1.1"u8);
        var firstText = HttpBytes.Text(first.ToArray());
        RequestHeadParser.Parse(HttpBytes.Of("GET /second/and/longer HTTP/1.1\r\nHost: bbbbbbbb\r\n\r\n"), head);
        var second = RequestHeadWriter.Write(head, "2.2.2.2"u8);
        Assert.Equal(firstText, HttpBytes.Text(first.ToArray()));
        Assert.StartsWith("GET /second/and/longer HTTP/1.1\r\n", HttpBytes.Text(second.ToArray()));
    }

    [Fact]
    public void Write_LargeHead_Fits()
    {
        var head = new RequestHead();
        var value = new string('v', 60_000);
        RequestHeadParser.Parse(HttpBytes.Of("GET / HTTP/1.1\nHost: a\nX:" + value + "\nY:" + value + "\n\n"), head);
        var written = HttpBytes.Text(RequestHeadWriter.Write(head, "::1"u8).ToArray());
        Assert.Equal(
            "GET / HTTP/1.1\r\nHost: a\r\nX: " + value + "\r\nY: " + value + "\r\nX-Forwarded-For: ::1\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: a\r\n\r\n",
            written);
    }

    [Fact]
    public void Write_ManyShortLines_Fits()
    {
        // The worst growth per line: "a:b\n" becomes "a: b\r\n".
        var text = "GET / HTTP/1.1\nHost:h\n";
        var expected = "GET / HTTP/1.1\r\nHost: h\r\n";
        for (var i = 0; i < 99; i++)
        {
            text += "a:b\n";
            expected += "a: b\r\n";
        }

        var head = new RequestHead();
        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(HttpBytes.Of(text + "\n"), head));
        Assert.Equal(
            expected + "X-Forwarded-For: 10.0.0.9\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: h\r\n\r\n",
            HttpBytes.Text(RequestHeadWriter.Write(head, "10.0.0.9"u8).ToArray()));
    }
}
