using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

/// <summary>
/// The hook the Upgrade tunnel uses (RFC 9110 section 7.8) and how Expect is forwarded (section 10.1.1).
/// </summary>
public sealed class UpgradeAndExpectForwardingTests
{
    private const string WebSocket = "GET /ws HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\n";
    private const string Forwarded = "X-Forwarded-For: 10.0.0.9\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: a\r\n\r\n";

    [Theory]
    [InlineData(WebSocket, true)]
    // RFC 9110 section 7.8: Upgrade counts only with the "upgrade" connection option ...
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\n\r\n", false)]
    // ... and a server must ignore it in an HTTP/1.0 request.
    [InlineData("GET / HTTP/1.0\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n", false)]
    public void Parse_UpgradeRequested_OnlyForHttp11WithTheConnectionOption(string raw, bool expected)
    {
        var head = new RequestHead();
        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(HttpBytes.Of(raw), head));
        Assert.Equal(expected, head.UpgradeRequested);
    }

    [Fact]
    public void Write_UpgradeRequestWithoutTunnel_UpgradeIsHopByHop()
    {
        var head = Parse(WebSocket);
        Assert.Equal(
            "GET /ws HTTP/1.1\r\nHost: a\r\nSec-WebSocket-Version: 13\r\n" + Forwarded,
            HttpBytes.Text(RequestHeadWriter.Write(head, "10.0.0.9"u8).ToArray()));
    }

    [Fact]
    public void Write_UpgradeRequestWithTunnel_KeepsUpgradeAndSendsConnectionUpgrade()
    {
        // RFC 9110 section 7.8: a sender of Upgrade also sends the "upgrade" connection option; other options stay hop-by-hop.
        var head = Parse(WebSocket);
        Assert.Equal(
            "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n" + Forwarded[..^2] + "Connection: upgrade\r\n\r\n",
            HttpBytes.Text(RequestHeadWriter.Write(head, "10.0.0.9"u8, UpgradeRequest.Is(head)).ToArray()));
    }

    [Fact]
    public void Write_TunnelButNoUpgradeRequested_NothingAdded()
    {
        var head = Parse("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n");
        Assert.Equal("GET / HTTP/1.1\r\nHost: a\r\n" + Forwarded,
            HttpBytes.Text(RequestHeadWriter.Write(head, "10.0.0.9"u8, UpgradeRequest.Is(head)).ToArray()));
    }

    [Theory]
    // RFC 9110 section 10.1.1: end to end for HTTP/1.1, but meaningless from HTTP/1.0, whose request goes on as HTTP/1.1.
    [InlineData("HTTP/1.1", true)]
    [InlineData("HTTP/1.0", false)]
    public void Write_Expect_ForwardedOnlyFromHttp11(string version, bool forwarded)
    {
        var head = Parse("PUT /x " + version + "\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n");
        var written = HttpBytes.Text(RequestHeadWriter.Write(head, "10.0.0.9"u8).ToArray());
        Assert.Equal(forwarded, written.Contains("Expect: 100-continue\r\n", StringComparison.Ordinal));
    }

    private static RequestHead Parse(string raw)
    {
        var head = new RequestHead();
        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(HttpBytes.Of(raw), head));
        return head;
    }
}
