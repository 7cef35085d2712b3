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
}
