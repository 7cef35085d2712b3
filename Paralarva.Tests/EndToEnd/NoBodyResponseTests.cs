using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// RFC 9112 section 6.3 point 1: responses to HEAD, and 1xx, 204 and 304 responses, end with their head whatever
/// Content-Length they carry. A member that sends body bytes after them anyway cannot smuggle those bytes to the
/// client as (part of) another response, and the client connection stays usable.
/// </summary>
public sealed class NoBodyResponseTests
{
    private const string Domain = "svc.example";
    private const string Stray = "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled";

    [Theory]
    [InlineData("HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", 200)]
    [InlineData("GET", "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", 204)]
    [InlineData("GET", "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\nETag: \"v1\"\r\n\r\n", 304)]
    [InlineData("HEAD", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", 200)]
    public async Task BodilessResponse_FollowedByStrayBytes_NoBodyRelayedAndConnectionUsable(string method, string head, int status)
    {
        await using var origin = new TestOrigin("a", req => req.Target == "/bodiless"
            ? OriginResponse.RawText(head + Stray)
            : OriginResponse.Ok("after"));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var bodiless = await client.SendAndReadAsync(method + " /bodiless HTTP/1.1\r\nHost: svc.example\r\n\r\n", method);
        var after = await client.SendAndReadAsync(RawRequest.Get(Domain, "/after"));

        Assert.Equal(status, bodiless.StatusCode);
        Assert.Equal(0, bodiless.BodyLength);
        Assert.Equal(200, after.StatusCode);
        Assert.Equal("after", after.BodyText);
        Assert.Equal(0, client.Buffered);
        // The member connection that sent stray bytes is never reused: they would answer the next request.
        var seen = await origin.WaitForRequestsAsync(2);
        Assert.NotEqual(seen[0].ConnectionId, seen[1].ConnectionId);
    }

    [Fact]
    public async Task InterimResponseWithContentLength_FinalResponseFollowsItsHead()
    {
        // RFC 9112 section 6.3 point 1: a 1xx has no body, so its Content-Length does not swallow the final response.
        await using var origin = new TestOrigin("a", req => req.Target == "/hints"
            ? OriginResponse.RawText("HTTP/1.1 103 Early Hints\r\nContent-Length: 5\r\nLink: </a.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal")
            : OriginResponse.Ok("after"));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync(RawRequest.Get(Domain, "/hints"));
        var interim = await client.ReadResponseAsync();
        var final = await client.ReadResponseAsync();
        var after = await client.SendAndReadAsync(RawRequest.Get(Domain, "/after"));

        Assert.Equal(103, interim.StatusCode);
        Assert.Equal(0, interim.BodyLength);
        Assert.Equal("final", final.BodyText);
        Assert.Equal("after", after.BodyText);
    }
}
