using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// Active health checks over real sockets: two origins behind the proxy, one whose health path fails
/// for a while. After the unhealthy threshold no client request reaches it; once it passes again it
/// takes traffic again.
/// </summary>
public sealed class HealthCheckTests
{
    private const string Domain = "checked.example";
    private const string HealthPath = "/healthz";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static readonly HealthCheckConfig FastCheck = new(HealthPath, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200), 2, 3);

    [Fact]
    public async Task FailingHealthPath_MemberTakenOutOfRotation_AndBackOnceItPasses()
    {
        var failing = false;
        await using var a = new TestOrigin("a");
        await using var b = new TestOrigin("b", req => req.Target == HealthPath && Volatile.Read(ref failing)
            ? OriginResponse.Text(503, "sick")
            : OriginResponse.Ok("origin b"));
        var service = TestConfigs.Service(Domain, a, b) with { HealthCheck = FastCheck };
        await using var proxy = await InProcessProxy.StartAsync(service);
        await using var client = await proxy.ConnectAsync();

        // Round robin over two healthy members: both answer.
        await Poll.AssertAsync(async () =>
            Assert.Equal(["origin a", "origin b"], (await SendAsync(client, 4)).Distinct().Order()), Deadline);

        // b fails its checks: after three failures in a row the proxy stops sending it requests.
        Volatile.Write(ref failing, true);
        await Poll.AssertAsync(async () =>
            Assert.All(await SendAsync(client, 4), body => Assert.Equal("origin a", body)), Deadline);
        var seenByB = ClientRequests(b);
        Assert.All(await SendAsync(client, 10), body => Assert.Equal("origin a", body));
        Assert.Equal(seenByB, ClientRequests(b));

        // The checks went on meanwhile, with the service's Host.
        var checks = b.Requests.Where(r => r.Target == HealthPath).ToList();
        Assert.True(checks.Count >= 2, "checks seen by b: " + checks.Count);
        Assert.All(checks, r => Assert.Equal(Domain, r.Header("Host")));

        // b passes again: after two passes in a row it gets its share again.
        Volatile.Write(ref failing, false);
        await Poll.AssertAsync(async () => Assert.Contains("origin b", await SendAsync(client, 4)), Deadline);
        Assert.True(ClientRequests(b) > seenByB);
    }

    [Fact]
    public async Task EveryMemberUnhealthy_503WithoutContactingThem()
    {
        await using var a = new TestOrigin("a", req => req.Target == HealthPath ? OriginResponse.Text(500, "down") : OriginResponse.Ok("origin a"));
        var service = TestConfigs.Service(Domain, a) with { HealthCheck = FastCheck };
        await using var proxy = await InProcessProxy.StartAsync(service);

        await Poll.AssertAsync(async () =>
            Assert.Equal(503, (await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/"))).StatusCode), Deadline);

        // Members start healthy, so requests before the verdict reached a; none after it.
        var before = ClientRequests(a);
        for (var i = 0; i < 3; i++)
            Assert.Equal(503, (await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/"))).StatusCode);
        Assert.Equal(before, ClientRequests(a));
    }

    /// <summary>Sends <paramref name="count"/> requests on the keep-alive connection; returns the bodies.</summary>
    private static async Task<List<string>> SendAsync(RawHttpClient client, int count)
    {
        var bodies = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/page/" + i));
            Assert.Equal(200, response.StatusCode);
            bodies.Add(response.BodyText);
        }

        return bodies;
    }

    private static int ClientRequests(TestOrigin origin) => origin.Requests.Count(r => r.Target != HealthPath);
}
