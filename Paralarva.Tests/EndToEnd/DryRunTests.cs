using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary><c>--dry-run</c>: every routed request is answered by the proxy itself, as in the original.</summary>
public sealed class DryRunTests
{
    private const string Domain = "svc.example";

    [Fact]
    public async Task DryRun_Answers200DryRunPage_MemberContactedNever()
    {
        // The original's -d/--dry-run (DESIGN.md, command line): answer 200 OK (dry-run), contact no member.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(TestConfigs.Service(Domain, origin)),
            InProcessProxy.DefaultOptions with { DryRun = true });
        await using var client = await proxy.ConnectAsync();

        for (var i = 0; i < 3; i++)
        {
            var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/" + i));
            Assert.Equal(200, response.StatusCode);
            Assert.Equal("<h1>200 OK (dry-run)</h1>", response.BodyText);
            Assert.Equal("text/html", response.Header("Content-Type"));
        }

        var withBody = await client.SendAndReadAsync(RawRequest.WithBody("POST", Domain, "/body", "ignored"));
        Assert.Equal("<h1>200 OK (dry-run)</h1>", withBody.BodyText);
        // Unknown hosts are still refused: dry-run skips the member, not the routing.
        var unknown = await proxy.SendOnNewConnectionAsync(RawRequest.Get("other.example"));
        Assert.Equal(400, unknown.StatusCode);
        // Nothing to wait for can prove an absence: a bounded wait for a connection that must not come.
        await Assert.ThrowsAsync<TimeoutException>(() => origin.WaitForConnectionsAsync(1, Absence.Window));
        Assert.Equal(0, origin.RequestsReceived);
    }

    [Fact]
    public async Task DryRun_Head_HeadAloneAndTheConnectionServesTheNextRequest()
    {
        // RFC 9110 section 9.3.2: the answer to HEAD has no content; bytes after its head would be read as the next answer.
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(TestConfigs.Service(Domain, StrategyNames.RoundRobin, 9)), InProcessProxy.DefaultOptions with { DryRun = true });
        await using var client = await proxy.ConnectAsync();

        var head = await client.SendAndReadAsync("HEAD / HTTP/1.1\r\nHost: " + Domain + "\r\n\r\n", "HEAD");
        var next = await client.SendAndReadAsync(RawRequest.Get(Domain, "/after-head"));

        Assert.Equal(200, head.StatusCode);
        Assert.Equal("<h1>200 OK (dry-run)</h1>".Length.ToString(System.Globalization.CultureInfo.InvariantCulture), head.Header("Content-Length"));
        Assert.Equal(200, next.StatusCode);
        Assert.Equal("<h1>200 OK (dry-run)</h1>", next.BodyText);
    }

    [Fact]
    public async Task DryRun_RequestWithItsWholeBody_ConnectionStaysOpenForTheNext()
    {
        // As after the proxy's own 403/404/429 (and nginx's): a body already received is skipped, not a reason to close.
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(TestConfigs.Service(Domain, StrategyNames.RoundRobin, 9)), InProcessProxy.DefaultOptions with { DryRun = true });
        await using var client = await proxy.ConnectAsync();

        var post = await client.SendAndReadAsync(RawRequest.WithBody("POST", Domain, "/body", "ignored"));
        var next = await client.SendAndReadAsync(RawRequest.Get(Domain, "/after-body"));

        Assert.Null(post.Header("Connection"));
        Assert.Equal("<h1>200 OK (dry-run)</h1>", next.BodyText);
    }
}
