using System.Diagnostics;
using System.Text;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// The client-side timeouts of <c>proxy.timeouts</c>: request_head (slowloris; RFC 9110 section 15.5.9, 408),
/// client_idle (RFC 9112 section 9.5: a server may close an idle connection at any time) and body_idle.
/// Short timeouts keep the tests quick; every wait is bounded.
/// </summary>
public sealed class ClientTimeoutTests
{
    private const string Domain = "svc.example";

    private static ProxyConfig Config(TestOrigin origin, TimeoutsConfig timeouts) =>
        TestConfigs.Proxy(TestConfigs.Service(Domain, origin)) with { Timeouts = timeouts };

    [Fact]
    public async Task Slowloris_OneByteASecond_408AtRequestHeadWhileOtherClientsAreServed()
    {
        // RFC 9110 section 15.5.9: the head did not arrive in time. A connection trickling its head costs one
        // timer, never another client's turn: 40 requests from 4 clients complete before the slow one's 408.
        var requestHead = TimeSpan.FromSeconds(3);
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(Config(origin, TimeoutsConfig.Default with { RequestHead = requestHead }));
        await using var slow = await proxy.ConnectAsync();
        var started = Stopwatch.StartNew();
        using var stopSending = new CancellationTokenSource();
        var sender = TrickleAsync(slow, RawRequest.Get(Domain, "/slow"), stopSending.Token);
        var slowAnswer = slow.ReadResponseAsync(timeout: TimeSpan.FromSeconds(15));

        var others = Enumerable.Range(0, 4).Select(async c =>
        {
            await using var client = await proxy.ConnectAsync();
            for (var i = 0; i < 10; i++)
                Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/fast" + c))).StatusCode);
        });
        await Task.WhenAll(others);
        Assert.False(slowAnswer.IsCompleted, "the slow client was answered before the others were served");

        var response = await slowAnswer;
        await stopSending.CancelAsync();
        await sender;
        Assert.Equal(408, response.StatusCode);
        Assert.Equal("<h1>Error 408: Request Timeout</h1>", response.BodyText);
        Assert.True(started.Elapsed >= requestHead - TimeSpan.FromMilliseconds(100), "408 before request_head: " + started.Elapsed);
        Assert.True(await slow.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the connection stayed open");
        Assert.DoesNotContain(origin.Requests, static r => r.Target == "/slow");
    }

    [Fact]
    public async Task RequestHead_CountedFromConnectionOpen_SilentCloseWhenNothingCame()
    {
        // nginx's client_header_timeout also runs from the accept; with no byte of a request there is no one to
        // answer 408 to (a browser's preconnected socket), so the connection is just closed.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(
            Config(origin, TimeoutsConfig.Default with { RequestHead = TimeSpan.FromMilliseconds(300) }));
        await using var client = await proxy.ConnectAsync();

        var received = await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(received);
    }

    [Fact]
    public async Task RequestHead_PartialHeadThenSilence_408()
    {
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(
            Config(origin, TimeoutsConfig.Default with { RequestHead = TimeSpan.FromMilliseconds(300) }));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync("GET / HTTP/1.1\r\nHost: svc.exa");

        Assert.Equal(408, response.StatusCode);
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the connection stayed open");
        Assert.Equal(0, origin.BytesReceived);
    }

    [Fact]
    public async Task ClientIdle_AfterAResponse_ClosedSilently()
    {
        // RFC 9112 section 9.5: an idle keep-alive connection is closed without a response.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(
            Config(origin, TimeoutsConfig.Default with { ClientIdle = TimeSpan.FromMilliseconds(300) }));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/"));
        var afterwards = await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(200, response.StatusCode);
        Assert.Null(response.Header("Connection"));
        Assert.Empty(afterwards);
    }

    [Fact]
    public async Task ClientIdle_LongerThanRequestHead_ClosedAtClientIdleNotBefore()
    {
        // One timer serves both deadlines: armed for request_head at the opening, it fires early for the later
        // client_idle deadline and must re-arm for the rest instead of closing.
        var clientIdle = TimeSpan.FromMilliseconds(1200);
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(
            Config(origin, TimeoutsConfig.Default with { RequestHead = TimeSpan.FromMilliseconds(200), ClientIdle = clientIdle }));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/"));
        var idleSince = Stopwatch.StartNew();
        var afterwards = await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(200, response.StatusCode);
        Assert.Empty(afterwards);
        Assert.True(idleSince.Elapsed >= clientIdle - TimeSpan.FromMilliseconds(100), "closed after " + idleSince.Elapsed);
    }

    [Fact]
    public async Task ClientIdle_RequestsWithinIt_KeepTheConnection()
    {
        // Each response restarts client_idle: four gaps of 400 ms add up to more than it.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(
            Config(origin, TimeoutsConfig.Default with { ClientIdle = TimeSpan.FromMilliseconds(1500), RequestHead = TimeSpan.FromMilliseconds(1500) }));
        await using var client = await proxy.ConnectAsync();

        for (var i = 0; i < 5; i++)
        {
            if (i > 0)
                await Task.Delay(400);
            Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/" + i))).StatusCode);
        }

        Assert.Equal(5, (await origin.WaitForRequestsAsync(5)).Count);
    }

    [Fact]
    public async Task BodyIdle_UploadStalls_408AndTheMemberConnectionClosed()
    {
        // No response started yet: 408. The member holds a partial request and its connection is closed.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(
            Config(origin, TimeoutsConfig.Default with { BodyIdle = TimeSpan.FromMilliseconds(500) }));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync("POST /up HTTP/1.1\r\nHost: svc.example\r\nContent-Length: 100\r\n\r\nonly some", "POST");

        Assert.Equal(408, response.StatusCode);
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the connection stayed open");
        await origin.WaitForConnectionsClosedAsync(1);
        Assert.Empty(origin.Requests);
    }

    [Fact]
    public async Task BodyIdle_SlowButSteadyUpload_NotCut()
    {
        // body_idle bounds the silence between body bytes, not the upload's duration.
        await using var origin = new TestOrigin("a", req => OriginResponse.Ok("got " + req.BodyText));
        await using var proxy = await InProcessProxy.StartAsync(
            Config(origin, TimeoutsConfig.Default with { BodyIdle = TimeSpan.FromMilliseconds(1500) }));
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync("POST /up HTTP/1.1\r\nHost: svc.example\r\nContent-Length: 10\r\n\r\n");
        await client.SendInPiecesAsync(Encoding.ASCII.GetBytes("0123456789"), 2, TimeSpan.FromMilliseconds(400));
        var response = await client.ReadResponseAsync("POST");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("got 0123456789", response.BodyText);
    }

    [Fact]
    public async Task ClientStopsReadingTheResponse_AbortedAfterBodyIdle_MemberConnectionFreed()
    {
        // Backpressure stops the member reads while the client does not read, so without a bound a client could hold
        // a member connection forever (nginx's send_timeout): no progress for body_idle ends the exchange.
        await using var origin = new TestOrigin("a", _ => OriginResponse.Large(256L * 1024 * 1024));
        await using var proxy = await InProcessProxy.StartAsync(
            Config(origin, TimeoutsConfig.Default with { BodyIdle = TimeSpan.FromMilliseconds(500) }));
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync(RawRequest.Get(Domain, "/huge"));
        await origin.WaitForRequestsAsync(1);

        // The member's connection is closed once the proxy gives up (far before 256 MiB could be buffered).
        await origin.WaitForConnectionsClosedAsync(1, TimeSpan.FromSeconds(20));
        Assert.True(await client.IsClosedByPeerAsync(TimeSpan.FromSeconds(20)) || client.SawReset, "the client connection stayed open");
    }

    /// <summary>One byte a second until the proxy stops taking them or the test is done; bounded by the text.</summary>
    private static async Task TrickleAsync(RawHttpClient client, string text, CancellationToken stop)
    {
        try
        {
            foreach (var b in Encoding.ASCII.GetBytes(text))
            {
                await client.SendAsync(new[] { b });
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or System.Net.Sockets.SocketException or TimeoutException)
        {
            // The proxy closed the connection, or the test has its answer.
        }
    }
}
