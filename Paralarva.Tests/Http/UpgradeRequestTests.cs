using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

/// <summary>Which requests switch protocols (RFC 9110 section 7.8), and how their head is forwarded.</summary>
public sealed class UpgradeRequestTests
{
    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n", true)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, upgrade\r\nUpgrade: websocket\r\n\r\n", true)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\nConnection: UPGRADE\r\nUpgrade: websocket\r\n\r\n", true)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nConnection: upgrade\r\nUpgrade: h2c\r\n\r\n", true)]
    // Upgrade without the Connection option naming it is not meant for this hop.
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgraded\r\nUpgrade: websocket\r\n\r\n", false)]
    // RFC 9110 section 7.8: a server must ignore Upgrade in an HTTP/1.0 request.
    [InlineData("GET / HTTP/1.0\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n", false)]
    // With a body: forwarded as an ordinary request.
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nConnection: upgrade\r\nUpgrade: h2c\r\n\r\n", false)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: upgrade\r\nUpgrade: h2c\r\n\r\n", false)]
    public void Is_RequestHead_Decides(string head, bool expected)
    {
        var request = new RequestHead();
        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(HttpBytes.Of(head), request));

        Assert.Equal(expected, UpgradeRequest.Is(request));
    }

    [Fact]
    public void Write_Upgrade_KeepsUpgradeAndSendsConnectionUpgradeOnly()
    {
        var request = new RequestHead();
        RequestHeadParser.Parse(HttpBytes.Of(
            "GET /chat HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade, X-Hop\r\nX-Hop: 1\r\nUpgrade: websocket\r\nSec-WebSocket-Key: k\r\n\r\n"), request);

        var written = RequestHeadWriter.Write(request, "10.0.0.9"u8, upgrade: true).ToString();

        Assert.Equal(
            "GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nSec-WebSocket-Key: k\r\n"
                + "X-Forwarded-For: 10.0.0.9\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: a\r\nConnection: upgrade\r\n\r\n",
            written);
    }
}
