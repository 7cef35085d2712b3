using System.Text;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// The member answers before the request body is all read (a 401 or 413 to an upload). RFC 9110 section 10.1.1 lets a
/// server then close or "continue reading and discarding the request content"; the proxy does the second, as nginx
/// does: the response goes out without <c>Connection: close</c>, the rest of the body is dropped, and the client's next
/// request is served on the same connection. A body that looks like a request is never taken for one.
/// </summary>
public sealed class EarlyResponseTests
{
    private const string Domain = "svc.example";
    private const string Refusal = "HTTP/1.1 401 Unauthorized\r\nContent-Length: 3\r\n\r\nno!";
    // A body that is itself a request: taken for one, it would reach the member as /smuggled.
    private const string SmugglingBody = "GET /smuggled HTTP/1.1\r\nHost: svc.example\r\n\r\n";

    private static TestOrigin RefusingUploads() => new("a", options: new TestOriginOptions
    {
        AnswerBeforeBody = target => target == "/upload" ? Encoding.ASCII.GetBytes(Refusal) : null,
    });

    [Theory]
    [InlineData("content-length", false)]
    [InlineData("content-length", true)]
    [InlineData("chunked", false)]
    [InlineData("chunked", true)]
    public async Task AnswerBeforeTheBody_BodyDropped_NextRequestOnTheSameConnection(string framing, bool expectContinue)
    {
        await using var origin = RefusingUploads();
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();
        var (framingField, body) = framing == "chunked"
            ? ("Transfer-Encoding: chunked\r\n", SmugglingBody.Length.ToString("x") + "\r\n" + SmugglingBody + "\r\n0\r\n\r\n")
            : ("Content-Length: " + SmugglingBody.Length + "\r\n", SmugglingBody);

        await client.SendAsync("POST /upload HTTP/1.1\r\nHost: svc.example\r\n" + framingField
            + (expectContinue ? "Expect: 100-continue\r\n" : string.Empty) + "\r\n");
        var response = await client.ReadResponseAsync("POST");
        if (expectContinue)
        {
            Assert.Equal(100, response.StatusCode);
            response = await client.ReadResponseAsync("POST");
        }

        await client.SendAsync(body);
        var next = await client.SendAndReadAsync(RawRequest.Get(Domain, "/next"));

        Assert.Equal(401, response.StatusCode);
        Assert.Equal("no!", response.BodyText);
        Assert.Null(response.Header("Connection"));
        Assert.Equal(200, next.StatusCode);
        Assert.Equal("origin a", next.BodyText);
        Assert.Equal(0, client.Buffered);
        Assert.DoesNotContain(origin.Requests, request => request.Target == "/smuggled");
    }

    /// <summary>The rest of the body and a pipelined request come in one write: the body is dropped to its last byte.</summary>
    [Fact]
    public async Task RestOfTheBodyWithAPipelinedRequest_OnlyTheRequestServed()
    {
        await using var origin = RefusingUploads();
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync("PUT /upload HTTP/1.1\r\nHost: svc.example\r\nContent-Length: " + SmugglingBody.Length + "\r\n\r\n" + SmugglingBody[..10]);
        var response = await client.ReadResponseAsync("PUT");
        await client.SendAsync(SmugglingBody[10..] + RawRequest.Get(Domain, "/next"));
        var next = await client.ReadResponseAsync();

        Assert.Equal(401, response.StatusCode);
        Assert.Equal(200, next.StatusCode);
        Assert.Equal(0, client.Buffered);
        Assert.Equal(["/next"], (await origin.WaitForRequestsAsync(1)).Select(static r => r.Target));
    }

    /// <summary>The answer is out: a client that then stops in its body, or breaks its framing, is closed without another.</summary>
    [Theory]
    [InlineData("quiet")]
    [InlineData("bad-chunk")]
    public async Task BodyNeverEnds_ClosedWithoutAnotherAnswer(string how)
    {
        await using var origin = RefusingUploads();
        var config = TestConfigs.Proxy(TestConfigs.Service(Domain, origin)) with
        {
            Timeouts = TimeoutsConfig.Default with { BodyIdle = TimeSpan.FromMilliseconds(300) },
        };
        await using var proxy = await InProcessProxy.StartAsync(config);
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync("POST /upload HTTP/1.1\r\nHost: svc.example\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
        var response = await client.ReadResponseAsync("POST");
        if (how == "bad-chunk")
            await client.SendAsync("zz\r\n");

        Assert.Equal(401, response.StatusCode);
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the connection stayed open");
        Assert.Equal(0, client.Buffered);
    }

    /// <summary>A drain closes a connection dropping a body at once: its request was answered, nothing is lost.</summary>
    [Fact]
    public async Task DrainWhileTheBodyIsDropped_ClosedAtOnce()
    {
        await using var origin = RefusingUploads();
        // The drain timeout and timeouts.body_idle are both far beyond the client's wait: only the drain can close it.
        var config = TestConfigs.Proxy(TestConfigs.Service(Domain, origin)) with
        {
            Shutdown = new ShutdownConfig(TimeSpan.Zero, TimeSpan.FromMinutes(5)),
        };
        await using var proxy = await InProcessProxy.StartAsync(config);
        await using var client = await proxy.ConnectAsync();
        await client.SendAsync("POST /upload HTTP/1.1\r\nHost: svc.example\r\nContent-Length: 100000\r\n\r\nthe start of it");
        var response = await client.ReadResponseAsync("POST");

        var drain = proxy.DrainAndStopAsync(withGracePeriod: false);

        Assert.Equal(401, response.StatusCode);
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the connection stayed open");
        await drain.WaitAsync(RawHttpClient.DefaultTimeout);
    }
}
