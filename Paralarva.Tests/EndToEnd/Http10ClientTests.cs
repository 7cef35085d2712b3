using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>HTTP/1.0 clients beyond the keep-alive basics in KeepAliveTests (RFC 9112 sections 3.2.2, 9.3 and 6.3).</summary>
public sealed class Http10ClientTests
{
    private const string Domain = "svc.example";

    [Fact]
    public async Task AbsoluteFormWithoutHost_RoutedByTheTarget_MemberGetsOriginFormAndHost()
    {
        // RFC 9112 section 3.2.2: the target's authority is the host; HTTP/1.0 may omit Host. The member is spoken to in
        // HTTP/1.1, which requires Host (section 3.2), so the proxy writes it from the authority.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync("GET http://svc.example/old?x=1 HTTP/1.0\r\nUser-Agent: old\r\n\r\n");

        Assert.Equal(200, response.StatusCode);
        Assert.True(response.Headers.HasToken("Connection", "close"), response.ToString());
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the proxy kept an HTTP/1.0 connection that did not ask");
        var seen = Assert.Single(await origin.WaitForRequestsAsync(1));
        Assert.Equal("/old?x=1", seen.Target);
        Assert.Equal("HTTP/1.1", seen.Version);
        Assert.Equal("svc.example", seen.Header("Host"));
    }

    [Fact]
    public async Task KeepAliveAsked_MemberBodyEndsAtClose_RelayedThenClosed()
    {
        // RFC 9112 section 6.3 point 8: a close-delimited body can only end with the connection, so the client's
        // keep-alive cannot be honoured and the response says close instead (section 9.3).
        await using var origin = new TestOrigin("a", _ => OriginResponse.Ok("until close").CloseDelimited());
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync("GET / HTTP/1.0\r\nHost: svc.example\r\nConnection: keep-alive\r\n\r\n");

        Assert.Equal("until close", response.BodyText);
        Assert.False(response.Headers.HasToken("Connection", "keep-alive"), response.ToString());
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the connection stayed open");
    }

    [Fact]
    public async Task MemberSaysClose_Http11ClientKeepsItsConnection()
    {
        // RFC 9110 section 7.6.1: the member's Connection: close is about the member connection only.
        await using var origin = new TestOrigin("a", req => OriginResponse.Ok(req.Target).WithHeader("Connection", "close"));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var first = await client.SendAndReadAsync(RawRequest.Get(Domain, "/1"));
        var second = await client.SendAndReadAsync(RawRequest.Get(Domain, "/2"));

        Assert.Equal("/1", first.BodyText);
        Assert.Null(first.Header("Connection"));
        Assert.Equal("/2", second.BodyText);
        Assert.Equal(2, (await origin.WaitForRequestsAsync(2)).Select(static r => r.ConnectionId).Distinct().Count());
    }
}
