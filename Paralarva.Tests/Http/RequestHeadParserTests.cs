using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

public sealed class RequestHeadParserTests
{
    /// <summary>Head; method; HTTP/1.1; framing; Content-Length; keep-alive; expect 100-continue; route host.</summary>
    public static TheoryData<string, HttpMethodKind, bool, BodyFraming, long, bool, bool, string> Valid => new()
    {
        { "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", HttpMethodKind.Get, true, BodyFraming.None, -1, true, false, "example.com" },
        // RFC 9110 section 2.5: a higher minor version is processed as the highest known one, HTTP/1.1 (nginx does too).
        { "GET / HTTP/1.2\r\nHost: a\r\n\r\n", HttpMethodKind.Get, true, BodyFraming.None, -1, true, false, "a" },
        // RFC 9112 section 2.2: bare LF line endings; route host lower-cased, port stripped.
        { "GET /a?b=c HTTP/1.1\nHost: Example.COM:8080\n\n", HttpMethodKind.Get, true, BodyFraming.None, -1, true, false, "example.com" },
        // RFC 9112 section 2.2: leading empty lines are ignored.
        { "\r\n\r\nHEAD / HTTP/1.1\r\nHost: a\r\n\r\n", HttpMethodKind.Head, true, BodyFraming.None, -1, true, false, "a" },
        { "\n\nDELETE /x HTTP/1.1\nHost: a\n\n", HttpMethodKind.Delete, true, BodyFraming.None, -1, true, false, "a" },
        { "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n", HttpMethodKind.Post, true, BodyFraming.ContentLength, 5, true, false, "a" },
        { "PUT /p HTTP/1.1\r\nHost: a\r\ncontent-length: 0\r\n\r\n", HttpMethodKind.Put, true, BodyFraming.ContentLength, 0, true, false, "a" },
        { "PATCH /p HTTP/1.1\r\nHost: a\r\nContent-Length: 999999999999999999\r\n\r\n", HttpMethodKind.Patch, true, BodyFraming.ContentLength, 999999999999999999, true, false, "a" },
        // RFC 9112 section 6.1: coding names are case-insensitive.
        { "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", HttpMethodKind.Post, true, BodyFraming.Chunked, -1, true, false, "a" },
        { "POST / HTTP/1.1\r\nHost: a\r\ntransfer-encoding:  CHUNKED \r\n\r\n", HttpMethodKind.Post, true, BodyFraming.Chunked, -1, true, false, "a" },
        // RFC 9112 section 9.3: HTTP/1.0 closes unless keep-alive; HTTP/1.1 persists unless close.
        { "GET / HTTP/1.0\r\nHost: a\r\n\r\n", HttpMethodKind.Get, false, BodyFraming.None, -1, false, false, "a" },
        { "GET / HTTP/1.0\r\nHost: a\r\nConnection: Keep-Alive\r\n\r\n", HttpMethodKind.Get, false, BodyFraming.None, -1, true, false, "a" },
        { "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", HttpMethodKind.Get, true, BodyFraming.None, -1, false, false, "a" },
        { "GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, CLOSE\r\n\r\n", HttpMethodKind.Get, true, BodyFraming.None, -1, false, false, "a" },
        { "GET / HTTP/1.1\r\nHost: a\r\nConnection: ,, keep-alive ,\r\n\r\n", HttpMethodKind.Get, true, BodyFraming.None, -1, true, false, "a" },
        // RFC 9110 section 10.1.1: 100-continue is case-insensitive and ignored in HTTP/1.0; other expectations are ignored.
        { "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n", HttpMethodKind.Post, true, BodyFraming.ContentLength, 1, true, true, "a" },
        { "POST / HTTP/1.0\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n", HttpMethodKind.Post, false, BodyFraming.ContentLength, 1, false, false, "a" },
        { "GET / HTTP/1.1\r\nHost: a\r\nExpect: something\r\n\r\n", HttpMethodKind.Get, true, BodyFraming.None, -1, true, false, "a" },
        // RFC 9112 section 3.2.2: an absolute-form target's authority is the route, whatever Host says.
        { "GET http://Target.Example:81/p?q HTTP/1.1\r\nHost: other\r\n\r\n", HttpMethodKind.Get, true, BodyFraming.None, -1, true, false, "target.example" },
        { "GET HTTPS://a.example HTTP/1.1\r\nHost: a.example\r\n\r\n", HttpMethodKind.Get, true, BodyFraming.None, -1, true, false, "a.example" },
        // RFC 9112 section 3.2: HTTP/1.0 may omit Host when the target names the host.
        { "GET http://Example.com/x HTTP/1.0\r\n\r\n", HttpMethodKind.Get, false, BodyFraming.None, -1, false, false, "example.com" },
        // RFC 9112 sections 3.2.3 and 3.2.4: authority-form with CONNECT, asterisk-form with OPTIONS.
        { "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", HttpMethodKind.Options, true, BodyFraming.None, -1, true, false, "a" },
        { "CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n", HttpMethodKind.Connect, true, BodyFraming.None, -1, true, false, "a.example" },
        { "TRACE / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", HttpMethodKind.Trace, true, BodyFraming.None, -1, true, false, "[::1]" },
        { "GET / HTTP/1.1\r\nHost: [2001:DB8::1]\r\n\r\n", HttpMethodKind.Get, true, BodyFraming.None, -1, true, false, "[2001:db8::1]" },
        { "GET / HTTP/1.1\r\nHost: [::ffff:10.0.0.1]:1\r\n\r\n", HttpMethodKind.Get, true, BodyFraming.None, -1, true, false, "[::ffff:10.0.0.1]" },
        { "GET / HTTP/1.1\r\nHost: 10.0.0.1:80\r\n\r\n", HttpMethodKind.Get, true, BodyFraming.None, -1, true, false, "10.0.0.1" },
        { "GET / HTTP/1.1\r\nHost: a%41b.example\r\n\r\n", HttpMethodKind.Get, true, BodyFraming.None, -1, true, false, "a%41b.example" },
        // RFC 3986 section 3.2.3: port = *DIGIT; an empty one is the scheme's default (RFC 9110 section 4.2.3).
        { "GET / HTTP/1.1\r\nHost: a:\r\n\r\n", HttpMethodKind.Get, true, BodyFraming.None, -1, true, false, "a" },
        // RFC 9110 section 8.6: a long numeral is read; its leading zeros change nothing.
        { "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + new string('0', 100) + "5\r\n\r\n", HttpMethodKind.Post, true, BodyFraming.ContentLength, 5, true, false, "a" },
        // RFC 9110 section 5.6.1: empty list elements are ignored.
        { "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: , chunked ,\r\n\r\n", HttpMethodKind.Post, true, BodyFraming.Chunked, -1, true, false, "a" },
        // RFC 9112 section 3.2: an empty Host is valid syntax (it routes nowhere).
        { "GET / HTTP/1.1\r\nHost:\r\n\r\n", HttpMethodKind.Get, true, BodyFraming.None, -1, true, false, "" },
        // RFC 9110 section 9.1: methods are case-sensitive; unknown ones are Other.
        { "get / HTTP/1.1\r\nHost: a\r\n\r\n", HttpMethodKind.Other, true, BodyFraming.None, -1, true, false, "a" },
        { "PURGE /x HTTP/1.1\r\nHost: a\r\n\r\n", HttpMethodKind.Other, true, BodyFraming.None, -1, true, false, "a" },
        // RFC 9110 section 5.5: obs-text (0x80-0xFF) and inner whitespace are allowed in values.
        { "GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf\u00e9 \tau lait\r\n\r\n", HttpMethodKind.Get, true, BodyFraming.None, -1, true, false, "a" },
        { "GET /%7Euser/a.html?x=1&y=%20#frag HTTP/1.1\r\nHost: a\r\n\r\n", HttpMethodKind.Get, true, BodyFraming.None, -1, true, false, "a" },
    };

    /// <summary>Heads that must be refused (400), each with the rule it breaks.</summary>
    public static TheoryData<string, string> Invalid => new()
    {
        // RFC 9112 section 6.1: Transfer-Encoding and Content-Length together.
        { "CL+TE", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n" },
        { "TE+CL", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n" },
        // RFC 9112 section 6.3: several or malformed Content-Length (strict even when equal).
        { "CL,CL lines", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n" },
        { "CL comma list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\n" },
        { "CL +5", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n" },
        { "CL -1", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n" },
        { "CL ' 5 5'", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:  5 5\r\n\r\n" },
        { "CL empty", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n" },
        { "CL hex", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n" },
        { "CL 19 digits", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000000000000000\r\n\r\n" },
        // RFC 9112 sections 6.1 and 7: only a single, final chunked is relayed.
        { "TE gzip", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n" },
        { "TE identity", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n" },
        { "TE chunked, gzip", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n" },
        { "TE gzip, chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n" },
        { "TE chunked twice", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n" },
        { "TE chunked on two lines", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" },
        { "TE gzip line then chunked line", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" },
        { "TE chunked with parameter", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked;q=1\r\n\r\n" },
        { "TE empty", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \r\n\r\n" },
        { "TE not a token", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \"chunked\"\r\n\r\n" },
        { "TE in HTTP/1.0", "POST / HTTP/1.0\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" },
        // RFC 9112 section 5.2: obs-fold.
        { "obs-fold SP", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n" },
        { "obs-fold HTAB", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n\tb\r\n\r\n" },
        { "first field line folded", "GET / HTTP/1.1\r\n Host: a\r\n\r\n" },
        // RFC 9112 section 5.1: no whitespace between name and colon; names are tokens.
        { "space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n" },
        { "tab before colon", "GET / HTTP/1.1\r\nHost: a\r\nX\t: b\r\n\r\n" },
        { "empty name", "GET / HTTP/1.1\r\nHost: a\r\n: b\r\n\r\n" },
        { "non-tchar name", "GET / HTTP/1.1\r\nHost: a\r\nX(y): b\r\n\r\n" },
        { "no colon", "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n" },
        // RFC 9110 section 5.5: CTLs other than HTAB, and NUL, in values; RFC 9112 section 2.2: bare CR.
        { "NUL in value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n" },
        { "CTL in value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u0001b\r\n\r\n" },
        { "DEL in value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u007fb\r\n\r\n" },
        { "bare CR in value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n" },
        { "bare CR before CRLF", "GET / HTTP/1.1\r\nHost: a\r\r\n\r\n" },
        { "bare CR in request line", "GET /\r HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "bare CR ending request line", "GET / HTTP/1.1\r\r\nHost: a\r\n\r\n" },
        // RFC 9112 section 3.2: exactly one valid Host in HTTP/1.1.
        { "missing Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n" },
        { "missing Host with absolute-form", "GET http://a/ HTTP/1.1\r\n\r\n" },
        { "two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n" },
        { "two Hosts with absolute-form", "GET http://a/ HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n" },
        { "Host with space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n" },
        { "Host with slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n" },
        { "Host with userinfo", "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n" },
        { "Host with obs-text", "GET / HTTP/1.1\r\nHost: caf\u00e9\r\n\r\n" },
        { "Host bad port", "GET / HTTP/1.1\r\nHost: a:http\r\n\r\n" },
        { "Host port too big", "GET / HTTP/1.1\r\nHost: a:65536\r\n\r\n" },
        { "Host port six digits", "GET / HTTP/1.1\r\nHost: a:000080\r\n\r\n" },
        { "Host two ports", "GET / HTTP/1.1\r\nHost: a:1:2\r\n\r\n" },
        { "Host bad pct-encoding", "GET / HTTP/1.1\r\nHost: a%4\r\n\r\n" },
        { "Host unclosed IPv6", "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n" },
        { "Host bad IPv6", "GET / HTTP/1.1\r\nHost: [zz::1]\r\n\r\n" },
        { "Host IPv6 two ::", "GET / HTTP/1.1\r\nHost: [1::2::3]\r\n\r\n" },
        { "Host IPv6 nine groups", "GET / HTTP/1.1\r\nHost: [1:2:3:4:5:6:7:8:9]\r\n\r\n" },
        { "Host IPv6 junk after bracket", "GET / HTTP/1.1\r\nHost: [::1]x\r\n\r\n" },
        { "HTTP/1.0 origin-form without Host", "GET / HTTP/1.0\r\n\r\n" },
        // RFC 9112 section 2.3: HTTP-version is "HTTP/" DIGIT "." DIGIT, and only major version 1 is spoken here.
        { "HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n" },
        { "HTTP/1.10", "GET / HTTP/1.10\r\nHost: a\r\n\r\n" },
        { "lower-case version", "GET / http/1.1\r\nHost: a\r\n\r\n" },
        { "HTTP/1", "GET / HTTP/1\r\nHost: a\r\n\r\n" },
        { "no version", "GET /\r\nHost: a\r\n\r\n" },
        // RFC 9112 section 3: single SP separators, token method, visible ASCII target.
        { "double space", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "trailing space", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n" },
        { "tab separator", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "non-tchar method", "GE{T / HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "target with obs-text", "GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "target with DEL", "GET /a\u007f HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "target with space", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n" },
        // RFC 9112 section 3.2: which target forms each method may use.
        { "asterisk with GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "CONNECT origin-form", "CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "CONNECT without port", "CONNECT a.example HTTP/1.1\r\nHost: a.example\r\n\r\n" },
        { "authority-form with GET", "GET a.example:80 HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "relative target", "GET index.html HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "ftp scheme", "GET ftp://a/x HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "absolute-form empty host", "GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n" },
        // RFC 9110 section 4.2.4: userinfo in an http URI is an error.
        { "absolute-form userinfo", "GET http://user@a/x HTTP/1.1\r\nHost: a\r\n\r\n" },
        // RFC 9110 section 7.6.1: options are tokens; the proxy refuses to drop framing or Host fields.
        { "Connection non-token", "GET / HTTP/1.1\r\nHost: a\r\nConnection: close;x\r\n\r\n" },
        { "Connection names Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nConnection: Content-Length\r\nContent-Length: 5\r\n\r\n" },
        { "Connection names Transfer-Encoding", "POST / HTTP/1.1\r\nHost: a\r\nConnection: transfer-encoding\r\nTransfer-Encoding: chunked\r\n\r\n" },
        { "Connection names Host", "GET / HTTP/1.1\r\nHost: a\r\nConnection: host\r\n\r\n" },
        { "only empty lines", "\r\n\r\n" },
        { "no empty line", "GET / HTTP/1.1\r\nHost: a\r\n" },
        { "bytes after the head", "GET / HTTP/1.1\r\nHost: a\r\n\r\nX" },
    };

    /// <summary>RFC 9110 section 7.6.2: Max-Forwards counts for TRACE and OPTIONS only; one readable value, else -1.</summary>
    [Theory]
    [InlineData("TRACE / HTTP/1.1\r\nHost: a\r\nMax-Forwards: 0\r\n\r\n", 0)]
    [InlineData("OPTIONS * HTTP/1.1\r\nHost: a\r\nmax-forwards: 007\r\n\r\n", 7)]
    [InlineData("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", -1)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nMax-Forwards: 0\r\n\r\n", -1)]
    [InlineData("TRACE / HTTP/1.1\r\nHost: a\r\nMax-Forwards: -1\r\n\r\n", -1)]
    [InlineData("TRACE / HTTP/1.1\r\nHost: a\r\nMax-Forwards: 0\r\nMax-Forwards: 0\r\n\r\n", -1)]
    public void Parse_MaxForwards_OnlyForTraceAndOptions(string raw, long expected)
    {
        var head = new RequestHead();
        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(HttpBytes.Of(raw), head));
        Assert.Equal(expected, head.MaxForwards);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_ValidHead_Complete(
        string raw, HttpMethodKind method, bool http11, BodyFraming framing, long contentLength, bool keepAlive, bool expectContinue, string routeHost)
    {
        var head = new RequestHead();
        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(HttpBytes.Of(raw), head));
        Assert.Equal(method, head.Method);
        Assert.Equal(http11, head.IsHttp11);
        Assert.Equal(framing, head.Framing);
        Assert.Equal(contentLength, head.ContentLength);
        Assert.Equal(keepAlive, head.KeepAlive);
        Assert.Equal(expectContinue, head.ExpectContinue);
        Assert.Equal(routeHost, HttpBytes.Text(head.RouteHost));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Parse_InvalidHead_Invalid(string rule, string raw)
    {
        var head = new RequestHead();
        Assert.True(HeadParseStatus.Invalid == RequestHeadParser.Parse(HttpBytes.Of(raw), head), rule);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_ValidHeadInAnySplit_SameAsWhole(
        string raw, HttpMethodKind method, bool http11, BodyFraming framing, long contentLength, bool keepAlive, bool expectContinue, string routeHost)
    {
        var data = HttpBytes.Of(raw);
        var head = new RequestHead();
        foreach (var cuts in HttpBytes.AllSplits(data.Length))
        {
            var end = HttpBytes.ScanInPieces(data, cuts);
            Assert.Equal(data.Length, end);
            Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(data.AsSpan(0, end), head));
            Assert.Equal(method, head.Method);
            Assert.Equal(http11, head.IsHttp11);
            Assert.Equal(framing, head.Framing);
            Assert.Equal(contentLength, head.ContentLength);
            Assert.Equal(keepAlive, head.KeepAlive);
            Assert.Equal(expectContinue, head.ExpectContinue);
            Assert.Equal(routeHost, HttpBytes.Text(head.RouteHost));
        }
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Parse_InvalidHeadInAnySplit_SameAsWhole(string rule, string raw)
    {
        var data = HttpBytes.Of(raw);
        var head = new RequestHead();
        var wholeEnd = HeadScanner.FindHeadEnd(data, 0);
        var wholeStatus = wholeEnd > 0 ? RequestHeadParser.Parse(data.AsSpan(0, wholeEnd), head) : HeadParseStatus.Incomplete;
        foreach (var cuts in HttpBytes.AllSplits(data.Length))
        {
            var end = HttpBytes.ScanInPieces(data, cuts);
            Assert.True(wholeEnd == end, rule);
            if (end > 0)
                Assert.True(wholeStatus == RequestHeadParser.Parse(data.AsSpan(0, end), head), rule);
        }
    }

    [Fact]
    public void Parse_FieldsAndValues_TrimmedAndIndexed()
    {
        var head = new RequestHead();
        var raw = HttpBytes.Of("GET / HTTP/1.1\r\nHost: a\r\nX-One:   spaced \t \r\nX-Two:\tv\u00ff\r\nX-Empty:\r\n\r\n");
        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(raw, head));
        Assert.Equal(4, head.HeaderCount);
        Assert.Equal("X-One", HttpBytes.Text(head.HeaderName(1)));
        Assert.Equal("spaced", HttpBytes.Text(head.HeaderValue(1)));
        Assert.Equal("v\u00ff", HttpBytes.Text(head.HeaderValue(2)));
        Assert.Equal(string.Empty, HttpBytes.Text(head.HeaderValue(3)));
        Assert.Equal("GET", HttpBytes.Text(head.MethodBytes));
        Assert.Equal("/", HttpBytes.Text(head.Target));
    }

    [Theory]
    [InlineData(100, 100, HeadParseStatus.Complete)]
    [InlineData(101, 100, HeadParseStatus.TooLarge)]
    [InlineData(10, 10, HeadParseStatus.Complete)]
    [InlineData(11, 10, HeadParseStatus.TooLarge)]
    public void Parse_FieldCount_LimitedByMaxHeaderCount(int fields, int max, HeadParseStatus expected)
    {
        var text = "GET / HTTP/1.1\r\nHost: a\r\n";
        for (var i = 1; i < fields; i++)
            text += "X-F: " + i + "\r\n";
        var head = new RequestHead { MaxHeaderCount = max };
        Assert.Equal(expected, RequestHeadParser.Parse(HttpBytes.Of(text + "\r\n"), head));
    }

    [Fact]
    public void Parse_DefaultMaxHeaderCount_Is100() => Assert.Equal(100, new RequestHead().MaxHeaderCount);

    [Fact]
    public void Parse_ReusedHead_ForgetsPreviousRequest()
    {
        var head = new RequestHead();
        var big = "POST http://First.Example/long/path HTTP/1.1\r\nHost: first.example\r\nExpect: 100-continue\r\nContent-Length: 7\r\nX-Pad: " + new string('p', 4000) + "\r\n\r\n";
        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(HttpBytes.Of(big), head));
        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(HttpBytes.Of("GET / HTTP/1.0\r\nHost: B\r\n\r\n"), head));
        Assert.Equal(HttpMethodKind.Get, head.Method);
        Assert.False(head.IsHttp11);
        Assert.Equal(BodyFraming.None, head.Framing);
        Assert.Equal(-1, head.ContentLength);
        Assert.False(head.ExpectContinue);
        Assert.False(head.KeepAlive);
        Assert.Equal(1, head.HeaderCount);
        Assert.Equal("b", HttpBytes.Text(head.RouteHost));
        Assert.Equal(
            "GET / HTTP/1.1\r\nHost: B\r\nX-Forwarded-For: 1.2.3.4\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: B\r\n\r\n",
            HttpBytes.Text(RequestHeadWriter.Write(head, "1.2.3.4"u8).ToArray()));
    }

    [Fact]
    public void Parse_InvalidAfterValid_ReportsInvalid()
    {
        var head = new RequestHead();
        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(HttpBytes.Of("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), head));
        Assert.Equal(HeadParseStatus.Invalid, RequestHeadParser.Parse(HttpBytes.Of("GET / HTTP/1.1\r\n\r\n"), head));
    }

    [Fact]
    public void Parse_ReusedHead_DoesNotAllocate()
    {
        var data = HttpBytes.Of("POST http://a.example/x HTTP/1.1\r\nHost: A\r\nConnection: keep-alive, X-A\r\nX-A: 1\r\n"
            + "Transfer-Encoding: chunked\r\nExpect: 100-continue\r\nX-Forwarded-For: 1.1.1.1\r\n\r\n");
        var head = new RequestHead();
        RequestHeadParser.Parse(data, head);
        var complete = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            complete += RequestHeadParser.Parse(data, head) == HeadParseStatus.Complete ? 1 : 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000, complete);
        Assert.Equal(0, allocated);
    }
}
