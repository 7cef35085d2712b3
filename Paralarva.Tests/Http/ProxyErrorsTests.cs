using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

public sealed class ProxyErrorsTests
{
    [Theory]
    [InlineData(ProxyError.BadRequest, 400)]
    [InlineData(ProxyError.NoRoute, 400)]
    [InlineData(ProxyError.RequestTimeout, 408)]
    [InlineData(ProxyError.BodyTooLarge, 413)]
    [InlineData(ProxyError.HeadTooLarge, 431)]
    [InlineData(ProxyError.MemberRefused, 502)]
    [InlineData(ProxyError.MemberReset, 502)]
    [InlineData(ProxyError.BadResponse, 502)]
    [InlineData(ProxyError.NoMemberAvailable, 503)]
    [InlineData(ProxyError.Ejected, 503)]
    [InlineData(ProxyError.MemberTimeout, 504)]
    [InlineData(ProxyError.None, 500)]
    public void StatusCode_EachError_MappedOnce(ProxyError error, int expected) =>
        Assert.Equal(expected, ProxyErrors.StatusCode(error));

    [Theory]
    [InlineData(ProxyError.BadRequest, "400 Bad Request", "")]
    [InlineData(ProxyError.NoRoute, "400 Bad Request", "")]
    [InlineData(ProxyError.RequestTimeout, "408 Request Timeout", "")]
    [InlineData(ProxyError.BodyTooLarge, "413 Content Too Large", "")]
    [InlineData(ProxyError.HeadTooLarge, "431 Request Header Fields Too Large", "")]
    [InlineData(ProxyError.MemberRefused, "502 Bad Gateway", "")]
    [InlineData(ProxyError.MemberReset, "502 Bad Gateway", "")]
    [InlineData(ProxyError.BadResponse, "502 Bad Gateway", "")]
    [InlineData(ProxyError.NoMemberAvailable, "503 Service Unavailable", "Retry-After: 1\r\n")]
    [InlineData(ProxyError.Ejected, "503 Service Unavailable", "Retry-After: 1\r\n")]
    [InlineData(ProxyError.MemberTimeout, "504 Gateway Timeout", "")]
    [InlineData(ProxyError.None, "500 Internal Server Error", "")]
    public void Response_EachError_CannedPage(ProxyError error, string statusAndReason, string extra)
    {
        var space = statusAndReason.IndexOf(' ', StringComparison.Ordinal);
        var body = "<h1>Error " + statusAndReason[..space] + ":" + statusAndReason[space..] + "</h1>";
        var expected = "HTTP/1.1 " + statusAndReason + "\r\nConnection: close\r\n" + extra
            + "Content-Type: text/html\r\nContent-Length: " + body.Length + "\r\n\r\n" + body;
        Assert.Equal(expected, HttpBytes.Text(ProxyErrors.Response(error).ToArray()));
    }

    [Fact]
    public void Response_BadGateway_MatchesOriginalProxy() =>
        Assert.Equal(
            "HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Type: text/html\r\nContent-Length: 31\r\n\r\n<h1>Error 502: Bad Gateway</h1>",
            HttpBytes.Text(ProxyErrors.Response(ProxyError.MemberRefused).ToArray()));

    [Fact]
    public void Response_SameErrorTwice_SameInstance() =>
        Assert.Same(ProxyErrors.Response(ProxyError.BadRequest), ProxyErrors.Response(ProxyError.NoRoute));

    [Theory]
    [InlineData(true, "")]
    [InlineData(false, "Connection: close\r\n")]
    public void DryRun_KeepAliveOrNot_CannedOk(bool keepAlive, string connection) =>
        Assert.Equal(
            "HTTP/1.1 200 OK\r\n" + connection + "Content-Type: text/html\r\nContent-Length: 25\r\n\r\n<h1>200 OK (dry-run)</h1>",
            HttpBytes.Text(ProxyErrors.DryRun(keepAlive).ToArray()));

    [Fact]
    public void Response_CannedAnswers_ParseAsValidResponses()
    {
        var head = new ResponseHead();
        foreach (var error in Enum.GetValues<ProxyError>())
        {
            var bytes = ProxyErrors.Response(error).ToArray();
            var end = HeadScanner.FindHeadEnd(bytes, 0);
            Assert.Equal(HeadParseStatus.Complete, ResponseHeadParser.Parse(bytes.AsSpan(0, end), HttpMethodKind.Get, head));
            Assert.Equal(ProxyErrors.StatusCode(error), head.StatusCode);
            Assert.Equal(bytes.Length - end, head.ContentLength);
            Assert.False(head.KeepAlive);
        }
    }
}
