using Akka.IO;
using Paralarva.Actors.Config;
using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

/// <summary>The allow list decides which upgrades are forwarded, how the head is written, and which 101s answer them.</summary>
public sealed class UpgradeAllowListTests
{
    private static readonly UpgradeProtocols WebSocketOnly = UpgradeProtocols.Default;

    [Theory]
    [InlineData("websocket", true)]
    [InlineData("WebSocket", true)]
    [InlineData("h2c", false)]
    [InlineData("h2c, websocket", true)]
    [InlineData("HTTP/2.0, h2c", false)]
    [InlineData("websocket/13", true)]
    [InlineData("websockets", false)]
    public void Is_WithAllowList_OnlyAllowedOffersUpgrade(string upgrade, bool expected)
    {
        var request = Parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: " + upgrade + "\r\n\r\n");

        Assert.Equal(expected, UpgradeRequest.Is(request, WebSocketOnly));
    }

    [Fact]
    public void Write_H2cNotAllowed_PlainRequestWithoutUpgradeOrSettings()
    {
        var request = Parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMA\r\n\r\n");
        var upgrade = UpgradeRequest.Is(request, WebSocketOnly);

        var written = RequestHeadWriter.Write(request, "10.0.0.9"u8, upgrade, ViaField.Default, WebSocketOnly).ToString();

        Assert.False(upgrade);
        Assert.Equal(
            "GET / HTTP/1.1\r\nHost: a\r\nVia: 1.1 paralarva\r\nX-Forwarded-For: 10.0.0.9\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: a\r\n\r\n",
            written);
    }

    [Fact]
    public void Write_HttpSettingsNotNamedByConnection_StillRemoved()
    {
        var request = Parse("GET / HTTP/1.1\r\nHost: a\r\nHTTP2-Settings: AAMA\r\n\r\n");

        var written = RequestHeadWriter.Write(request, "10.0.0.9"u8, via: null, allowed: WebSocketOnly).ToString();

        Assert.DoesNotContain("HTTP2-Settings", written, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Write_MixedOffer_OnlyTheAllowedProtocolsInTheClientsOrder()
    {
        var allowed = new UpgradeProtocols(["websocket", "foo"]);
        var request = Parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: h2c, foo/2, websocket\r\n\r\n");

        var written = RequestHeadWriter.Write(request, "10.0.0.9"u8, UpgradeRequest.Is(request, allowed), via: null, allowed).ToString();

        Assert.Contains("\r\nUpgrade: foo/2, websocket\r\n", written, StringComparison.Ordinal);
        Assert.EndsWith("Connection: upgrade\r\n\r\n", written, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("websocket", "websocket", true)]
    [InlineData("websocket", "WebSocket", true)]
    [InlineData("websocket", "h2c", false)]
    [InlineData("h2c, websocket", "h2c", false)]
    [InlineData("websocket", "websocket, h2c", false)]
    [InlineData("websocket", null, false)]
    [InlineData("websocket", "", false)]
    public void AcceptedBy_101MustNameAnOfferedAllowedProtocol(string offered, string? answered, bool expected)
    {
        var request = Parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: " + offered + "\r\n\r\n");
        var response = new ResponseHead();
        var upgradeLine = answered is null ? string.Empty : "Upgrade: " + answered + "\r\n";
        Assert.Equal(HeadParseStatus.Complete, ResponseHeadParser.Parse(
            HttpBytes.Of("HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\n" + upgradeLine + "\r\n"), HttpMethodKind.Get, response));

        Assert.Equal(expected, UpgradeRequest.AcceptedBy(request, response, WebSocketOnly));
    }

    [Fact]
    public void ResponseWrite_Via_AfterTheMembersEntriesWithItsVersion()
    {
        var response = new ResponseHead();
        ResponseHeadParser.Parse(HttpBytes.Of("HTTP/1.0 200 OK\r\nVia: 1.1 cdn\r\nContent-Length: 0\r\n\r\n"), HttpMethodKind.Get, response);

        var written = ResponseHeadWriter.Write(response, closeClient: false, http10KeepAlive: false, via: new ViaField("edge")).ToString();

        Assert.Equal("HTTP/1.1 200 OK\r\nVia: 1.1 cdn\r\nContent-Length: 0\r\nVia: 1.0 edge\r\n\r\n", AddedDate.Without(written));
    }

    private static RequestHead Parse(string head)
    {
        var request = new RequestHead();
        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(HttpBytes.Of(head), request));
        return request;
    }
}
