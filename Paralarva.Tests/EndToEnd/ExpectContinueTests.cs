using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// <c>Expect: 100-continue</c> (RFC 9110 section 10.1.1): the client gets exactly one 100 (Continue) once a member
/// is leased, from the proxy, before it sends its body; an error the proxy finds first is a final answer sent
/// without waiting for a body it will never read.
/// </summary>
public sealed class ExpectContinueTests
{
    private const string Domain = "svc.example";
    private const string ExpectHead = "PUT /upload HTTP/1.1\r\nHost: svc.example\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ClientAwaits100_Gets100OnceWhetherOrNotTheMemberSendsOne(bool memberSends100)
    {
        // RFC 9110 section 10.1.1: a member that ignores Expect (or speaks HTTP/1.0) must not leave the client
        // waiting, and a second 100 from the member is not relayed after the proxy's own.
        await using var origin = new TestOrigin("a", req => OriginResponse.Ok("got " + req.BodyText),
            new TestOriginOptions { SendContinue = memberSends100 });
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync(ExpectHead);
        var interim = await client.ReadResponseAsync("PUT");
        await client.SendAsync("hello world");
        var final = await client.ReadResponseAsync("PUT");
        var next = await client.SendAndReadAsync(RawRequest.Get(Domain, "/next"));

        Assert.Equal(100, interim.StatusCode);
        Assert.Equal(200, final.StatusCode);
        Assert.Equal("got hello world", final.BodyText);
        Assert.Equal(200, next.StatusCode);
        Assert.Equal(0, client.Buffered);
        // Expect stays end to end: the member may still answer early with a final status.
        Assert.Equal("100-continue", (await origin.WaitForRequestsAsync(1))[0].Header("Expect"));
    }

    [Fact]
    public async Task BodySentWithoutWaiting_No100FromTheProxy()
    {
        // RFC 9110 section 10.1.1: a server MAY omit 100 once it has received some of the body.
        await using var origin = new TestOrigin("a", req => OriginResponse.Ok("got " + req.BodyText),
            new TestOriginOptions { SendContinue = false });
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(ExpectHead + "hello world", "PUT");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("got hello world", response.BodyText);
    }

    public static TheoryData<string, string, int> ErrorsBeforeTheBody => new()
    {
        // RFC 9110 section 15.5.14: the declared length is over limits.max_request_body_bytes.
        { "413", "PUT /big HTTP/1.1\r\nHost: svc.example\r\nExpect: 100-continue\r\nContent-Length: 1001\r\n\r\n", 413 },
        // Routed nowhere: the original proxy's 400.
        { "no route", "PUT /x HTTP/1.1\r\nHost: elsewhere.example\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n", 400 },
        // RFC 6585 section 5 (with limits.max_header_count 5).
        { "431", "PUT /x HTTP/1.1\r\nHost: svc.example\r\nExpect: 100-continue\r\nContent-Length: 5\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", 431 },
    };

    [Theory]
    [MemberData(nameof(ErrorsBeforeTheBody))]
    public async Task ErrorBeforeTheBody_FinalAnswerWithout100AndClosed(string caseName, string head, int status)
    {
        // RFC 9110 section 10.1.1: a final status that can be determined from the head is sent at once, instead of 100.
        await using var origin = new TestOrigin("a");
        var limits = LimitsConfig.Default with { MaxHeaderCount = 5, MaxRequestBodyBytes = 1000 };
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Proxy(limits, TestConfigs.Service(Domain, origin)));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(head, "PUT");

        Assert.True(status == response.StatusCode, caseName + ": " + response);
        Assert.True(response.Headers.HasToken("Connection", "close"), response.ToString());
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), caseName + ": the connection stayed open");
        Assert.Equal(0, origin.BytesReceived);
    }

    [Fact]
    public async Task MemberRefused_502WithoutA100()
    {
        // RFC 9110 section 10.1.1: no member, no 100: the client never sends a body nobody reads.
        using var refusing = new RefusingPort();
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, "round_robin", refusing.Port));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(ExpectHead, "PUT");

        Assert.True(response.StatusCode == 502, response.ToString());
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the connection stayed open");
    }

    [Fact]
    public async Task ClientAwaits100ButNeverSendsTheBody_408AfterBodyIdle()
    {
        // Once the proxy sent 100 the client is the one to act: timeouts.body_idle, not the member's 504.
        await using var origin = new TestOrigin("a", options: new TestOriginOptions { SendContinue = false });
        var config = TestConfigs.Proxy(TestConfigs.Service(Domain, origin)) with
        {
            Timeouts = TimeoutsConfig.Default with { BodyIdle = TimeSpan.FromMilliseconds(500) },
        };
        await using var proxy = await InProcessProxy.StartAsync(config);
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync(ExpectHead);
        var interim = await client.ReadResponseAsync("PUT");
        var final = await client.ReadResponseAsync("PUT");

        Assert.Equal(100, interim.StatusCode);
        Assert.Equal(408, final.StatusCode);
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the connection stayed open");
        Assert.Empty(origin.Requests);
    }

    [Fact]
    public async Task Http10Client_No100AndExpectNotForwarded()
    {
        // RFC 9110 section 10.1.1: a 100-continue expectation in HTTP/1.0 is ignored; the member, spoken to in
        // HTTP/1.1, must not see it either. Section 15.2: no 1xx to an HTTP/1.0 client.
        await using var origin = new TestOrigin("a", req => OriginResponse.Ok("got " + req.BodyText));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(
            "PUT /old HTTP/1.0\r\nHost: svc.example\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello", "PUT");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("got hello", response.BodyText);
        Assert.Null((await origin.WaitForRequestsAsync(1))[0].Header("Expect"));
    }
}
