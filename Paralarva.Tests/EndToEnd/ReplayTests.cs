using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// Keep-alive races (design, "the data path"): a pooled connection the member closed as it was reused
/// must not surface as a 502 when replaying the request is safe (RFC 9110 §9.2.2, RFC 9112 §9.3.1).
/// </summary>
public sealed class ReplayTests
{
    private const string Domain = "svc.example";

    /// <summary>A member that serves one request per connection and closes the next ones unanswered.</summary>
    private static OriginResponse OnePerConnection(OriginRequest request) =>
        request.SequenceOnConnection == 1 ? OriginResponse.Ok("conn " + request.ConnectionId) : OriginResponse.CloseWithoutAnswer();

    [Fact]
    public async Task ReusedConnectionClosedBeforeAnswering_IdempotentRequestReplayedOnAFreshConnection()
    {
        await using var origin = new TestOrigin("a", OnePerConnection);
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Proxy(TestConfigs.Service(Domain, origin)));
        await using var client = await proxy.ConnectAsync();

        Assert.Equal("conn 1", (await client.SendAndReadAsync(RawRequest.Get(Domain, "/one"))).BodyText);
        var second = await client.SendAndReadAsync(RawRequest.Get(Domain, "/two"));

        Assert.Equal(200, second.StatusCode);
        Assert.Equal("conn 2", second.BodyText);
        var seen = await origin.WaitForRequestsAsync(3);
        Assert.Equal(["/one", "/two", "/two"], seen.Select(r => r.Target));
    }

    [Fact]
    public async Task ReusedConnectionClosedBeforeAnswering_RequestWithABodyIsNotReplayed()
    {
        await using var origin = new TestOrigin("a", OnePerConnection);
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Proxy(TestConfigs.Service(Domain, origin)));
        await using var client = await proxy.ConnectAsync();

        Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/one"))).StatusCode);
        var post = await client.SendAndReadAsync(RawRequest.WithBody("POST", Domain, "/orders", "{\"n\":1}"), "POST");

        Assert.Equal(502, post.StatusCode);
        // Sent once only: the member may have acted on it before closing.
        Assert.Equal(2, (await origin.WaitForRequestsAsync(2)).Count);
        await using var fresh = await proxy.ConnectAsync();
        Assert.Equal(200, (await fresh.SendAndReadAsync(RawRequest.Get(Domain, "/three"))).StatusCode);
        Assert.Equal(1, origin.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task FreshConnectionClosedBeforeAnswering_NotReplayedAgain()
    {
        // Only a reused connection is a keep-alive race; a fresh one failing is the member's answer.
        var first = true;
        await using var origin = new TestOrigin("a", _ =>
        {
            var response = first ? OriginResponse.Ok("first") : OriginResponse.CloseWithoutAnswer();
            first = false;
            return response;
        });
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Proxy(TestConfigs.Service(Domain, origin)));
        await using var client = await proxy.ConnectAsync();

        Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/one"))).StatusCode);
        var second = await client.SendAndReadAsync(RawRequest.Get(Domain, "/two"));

        Assert.Equal(502, second.StatusCode);
        Assert.Equal(["/one", "/two", "/two"], (await origin.WaitForRequestsAsync(3)).Select(r => r.Target));
        Assert.Equal(2, origin.ConnectionsAccepted);
    }
}
