using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// Members that fail in every way a member can: the proxy answers 502 or 504 with its own page when
/// nothing of a response was relayed yet (RFC 9110 sections 15.6.3 and 15.6.5), and aborts the client
/// connection when the failure comes after part of a response went out.
/// </summary>
public sealed class MemberErrorTests
{
    private const string Domain = "svc.example";
    private const string BadGatewayPage = "<h1>Error 502: Bad Gateway</h1>";
    private const string GatewayTimeoutPage = "<h1>Error 504: Gateway Timeout</h1>";

    [Fact]
    public async Task MemberRefusesConnections_502()
    {
        // A bound socket that does not listen: connecting to it is refused, and no one else can take the port.
        using var closedPort = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closedPort.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)closedPort.LocalEndPoint!).Port;
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, "round_robin", port));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/"));

        AssertErrorPage(502, BadGatewayPage, response);
        // The request was read whole: the connection goes on, as after nginx's and HAProxy's own 502.
        AssertErrorPage(502, BadGatewayPage, await client.SendAndReadAsync(RawRequest.Get(Domain, "/again")));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: " + Domain + "\r\nConnection: close\r\n\r\n")]
    [InlineData("GET / HTTP/1.0\r\nHost: " + Domain + "\r\n\r\n")]
    public async Task MemberRefuses_ClientWithoutKeepAlive_502AndClosed(string request)
    {
        using var closedPort = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closedPort.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, "round_robin", ((IPEndPoint)closedPort.LocalEndPoint!).Port));
        await using var client = await proxy.ConnectAsync();

        AssertErrorPage(502, BadGatewayPage, await client.SendAndReadAsync(request), kept: false);
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the proxy kept the connection open");
    }

    public static TheoryData<string> FailuresBeforeAnyResponseByte =>
        ["close", "reset", "garbage", "bad status", "status 101", "CL and TE", "two different CLs", "bad chunk size"];

    [Theory]
    [MemberData(nameof(FailuresBeforeAnyResponseByte))]
    public async Task MemberFailsBeforeAnyResponseByte_502ThenLaterRequestsWork(string failure)
    {
        // RFC 9110 section 15.6.3: 502 for an invalid (or missing) response from the member.
        await using var origin = new TestOrigin("a", req => req.Target != "/fail" ? OriginResponse.Ok("fine") : failure switch
        {
            "close" => OriginResponse.CloseWithoutAnswer(),
            "reset" => OriginResponse.Reset(),
            "garbage" => OriginResponse.RawText("this is not HTTP at all\r\n\r\n"),
            "bad status" => OriginResponse.RawText("HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n"),
            // Without Upgrade in the request, a 101 cannot be relayed (RFC 9110 section 15.2.2).
            "status 101" => OriginResponse.RawText("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: upgrade\r\n\r\n"),
            // RFC 9112 section 6.1: a response with both is a smuggling vector on the client side.
            "CL and TE" => OriginResponse.RawText("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
            // RFC 9112 section 6.3 point 5: differing lengths are an unrecoverable error, for responses too.
            "two different CLs" => OriginResponse.RawText("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
            // RFC 9112 section 7.1: found before anything was relayed, a bad chunk is still a 502.
            _ => OriginResponse.RawText("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
        });
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/fail"));

        AssertErrorPage(502, BadGatewayPage, response);
        // The same connection serves the next request: nothing of the failed exchange is left on it.
        var later = await client.SendAndReadAsync(RawRequest.Get(Domain, "/later"));
        Assert.Equal(200, later.StatusCode);
        Assert.Equal("fine", later.BodyText);
    }

    [Fact]
    public async Task InvalidResponsesInARow_502Each_DoNotEjectTheMember()
    {
        // An invalid response is the member's answer, not a broken connection: with the default outlier detection
        // (5 failures in a row eject, 5xx never do) a client asking again and again for a response the proxy refuses
        // to relay must not take the service's only member out of service for everyone (nginx and HAProxy go on).
        await using var origin = new TestOrigin("a", req => req.Target != "/fail" ? OriginResponse.Ok("fine")
            : OriginResponse.RawText("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));

        for (var i = 0; i < 2 * OutlierDetectionConfig.Default.ConsecutiveFailures; i++)
            AssertErrorPage(502, BadGatewayPage, await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/fail")));

        var later = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/later"));
        Assert.Equal(200, later.StatusCode);
        Assert.Equal("fine", later.BodyText);
    }

    [Fact]
    public async Task MemberNeverAnswers_504AfterTimeout_LaterRequestsWork()
    {
        // RFC 9110 section 15.6.5: 504 when the member does not answer within --timeout.
        await using var origin = new TestOrigin("a", req => req.Target == "/never" ? OriginResponse.NeverAnswer() : OriginResponse.Ok("fine"));
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(TestConfigs.Service(Domain, origin)),
            InProcessProxy.DefaultOptions with { Timeout = TimeSpan.FromSeconds(1) });
        await using var client = await proxy.ConnectAsync();

        var clock = Stopwatch.StartNew();
        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/never"));
        var elapsed = clock.Elapsed;

        AssertErrorPage(504, GatewayTimeoutPage, response);
        // Not before --timeout (a lower bound holds on a loaded machine); that it came at all is the client's read bound.
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(900), "504 after " + elapsed + ", before the 1 s --timeout");
        for (var i = 0; i < 3; i++)
        {
            var later = await client.SendAndReadAsync(RawRequest.Get(Domain, "/later"));
            Assert.Equal(200, later.StatusCode);
            Assert.Equal("fine", later.BodyText);
        }
    }

    [Fact]
    public async Task SlowClientUpload_LongerThanTheTimeout_NotA504()
    {
        // RFC 9110 section 15.6.5: 504 means the upstream did not answer in time. While the member waits for the
        // client's body, the member is not late: a slow upload is not a gateway timeout.
        const int pieces = 5;
        var body = BodyPattern.Create(5000);
        await using var origin = new TestOrigin("a", req => OriginResponse.Ok(req.BodySha256));
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(TestConfigs.Service(Domain, origin)),
            InProcessProxy.DefaultOptions with { Timeout = TimeSpan.FromSeconds(1) });
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync("PUT /slow-upload HTTP/1.1\r\nHost: svc.example\r\nContent-Length: " + body.Length + "\r\n\r\n");
        // A slow client, not a synchronisation: 2 s in all, twice the proxy's timeout.
        await client.SendInPiecesAsync(body, body.Length / pieces, TimeSpan.FromMilliseconds(500));
        var response = await client.ReadResponseAsync("PUT");

        Assert.True(200 == response.StatusCode, response.ToString());
        Assert.Equal(BodyCollector.Sha256Hex(body), response.BodyText);
    }

    public static TheoryData<string, string> TruncatedResponses => new()
    {
        { "content-length", "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + new string('x', 1000) },
        { "chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" + new string('x', 1024) + "\r\n10\r\nxxxx" },
    };

    [Fact]
    public async Task MemberSendsBadChunkMidBody_ClientConnectionEndsBeforeACompleteResponse()
    {
        // RFC 9112 section 7.1: a bad chunk found after part of the body went out can only end the client connection.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var origin = new TestOrigin("a", _ => new OriginResponse
        {
            Headers = [new("Transfer-Encoding", "chunked")],
            Framing = WireFraming.None,
            Body = Encoding.Latin1.GetBytes("5\r\nhello\r\nzz\r\nxxxxxx"),
            Pieces = 2,
            BeforePiece = piece => piece == 0 ? Task.CompletedTask : release.Task,
        });
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync(RawRequest.Get(Domain, "/bad-chunk"));
        // The bad chunk is sent only once the client has the head: it is found mid-body, not with the head.
        var start = Encoding.Latin1.GetString(await client.ReadBytesAsync("HTTP/1.1 200 OK\r\n".Length));
        release.SetResult();
        var received = start + Encoding.Latin1.GetString(await client.ReadUntilClosedAsync());

        Assert.Equal("HTTP/1.1 200 OK\r\n", start);
        Assert.DoesNotContain("zz", received, StringComparison.Ordinal);
        Assert.False(received.EndsWith("0\r\n\r\n", StringComparison.Ordinal), "the client saw a complete chunked body:\n" + received);
    }

    [Theory]
    [MemberData(nameof(TruncatedResponses))]
    public async Task MemberClosesMidBody_ClientConnectionEndsBeforeACompleteResponse(string framing, string truncated)
    {
        // RFC 9112 section 8: an incomplete message must not be presented as complete; after part of the
        // response went out the proxy can only signal the failure by ending the client connection.
        await using var origin = new TestOrigin("a", _ => OriginResponse.RawText(truncated, closeAfter: true));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync(RawRequest.Get(Domain, "/truncated"));
        var failure = await Record.ExceptionAsync(() => client.ReadResponseAsync());

        Assert.True(failure is HttpFormatException, framing + ": expected an incomplete response, got " + failure);
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), framing + ": the proxy kept the connection open");
    }

    [Fact]
    public async Task ErrorPages_NeverEchoRequestContent()
    {
        // docs/architecture.md: error pages never echo request content (no reflected markup through the proxy).
        const string marker = "Zq7-echo-marker";
        using var closedPort = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closedPort.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var never = new TestOrigin("never", _ => OriginResponse.NeverAnswer());
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(
                TestConfigs.Service("dead.example", "round_robin", ((IPEndPoint)closedPort.LocalEndPoint!).Port),
                TestConfigs.Service("slow.example", never)),
            InProcessProxy.DefaultOptions with { Timeout = TimeSpan.FromSeconds(1) });
        var headers = new[] { "X-Marker: " + marker, "X-Html: <h1>" + marker + "</h1>", "Cookie: session=" + marker };
        var target = "/" + marker + "?q=" + marker;

        var answers = new (int Status, string Request)[]
        {
            (400, RawRequest.Get(marker + ".example", target, headers)),
            (400, RawRequest.WithBody("POST", "dead.example", target, marker, [.. headers, "Transfer-Encoding: chunked"])),
            (400, "GET " + target + " HTTP/1.1\r\nHost: dead.example\r\n" + marker + " : bad\r\n\r\n"),
            (431, RawRequest.Get("dead.example", target, [.. headers, "X-Big: " + string.Concat(Enumerable.Repeat(marker, 2000))])),
            (502, RawRequest.Get("dead.example", target, headers)),
            (504, RawRequest.Get("slow.example", target, headers)),
        };

        foreach (var (status, request) in answers)
        {
            var response = await proxy.SendOnNewConnectionAsync(request);
            Assert.Equal(status, response.StatusCode);
            Assert.DoesNotContain(marker, response.RawText, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <param name="kept">The request was read whole from a client that keeps its connection: the page says no close.</param>
    private static void AssertErrorPage(int status, string page, RawResponse response, bool kept = true)
    {
        Assert.True(status == response.StatusCode, "expected " + status + ", got:\n" + response);
        Assert.Equal(page, response.BodyText);
        Assert.Equal("text/html", response.Header("Content-Type"));
        Assert.True(kept != response.Headers.HasToken("Connection", "close"), response.ToString());
        Assert.Equal(Encoding.ASCII.GetByteCount(page), response.BodyLength);
    }
}
