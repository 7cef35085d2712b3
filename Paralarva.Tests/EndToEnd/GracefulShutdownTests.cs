using System.Net;
using System.Net.Sockets;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// The drain SIGTERM and SIGINT start (issue 3, Shutdown), in-process through the host's own shutdown sequence:
/// readiness false at once, accepting during the grace period, then idle connections closed, busy ones
/// finishing with <c>Connection: close</c>, and what is left aborted at the drain timeout.
/// </summary>
public sealed class GracefulShutdownTests
{
    private const string Domain = "svc.example";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Drain_IdleClosed_BusyFinishesWithConnectionClose_ThenTheHostStops()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var origin = new TestOrigin("a", req => req.Target == "/slow"
            ? OriginResponse.Ok("slow done").After(release.Task)
            : OriginResponse.Ok("fast"));
        await using var proxy = await StartAsync(origin, new ShutdownConfig(TimeSpan.Zero, TimeSpan.FromSeconds(30)));
        using var http = Monitoring(proxy);
        await using var idle = await proxy.ConnectAsync();
        Assert.Equal(200, (await idle.SendAndReadAsync(RawRequest.Get(Domain, "/fast"))).StatusCode);
        await using var busy = await proxy.ConnectAsync();
        await busy.SendAsync(RawRequest.Get(Domain, "/slow"));
        await origin.WaitForRequestsAsync(2);

        var drain = proxy.DrainAndStopAsync(withGracePeriod: false);

        // Readiness turns false before anything else happens, and the metric says why.
        var readyz = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyz.StatusCode);
        Assert.Contains("draining", await readyz.Content.ReadAsStringAsync());
        Assert.Contains("\nparalarva_draining 1", await http.GetStringAsync("/metrics"));
        // RFC 9112 section 9.6: the idle keep-alive connection is closed.
        Assert.True(await idle.IsClosedByPeerAsync(Bound), "the idle connection stayed open");
        // No grace period: new clients are turned away at once.
        await AssertNotServedAsync(proxy.Port);
        Assert.False(drain.IsCompleted, drain.Exception?.ToString());

        release.SetResult();
        var response = await busy.ReadResponseAsync();
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("slow done", response.BodyText);
        Assert.Equal("close", response.Header("Connection"));
        Assert.True(await busy.IsClosedByPeerAsync(Bound), "the busy connection stayed open after its response");
        await drain.WaitAsync(Bound);
        using var stopped = new CancellationTokenSource(Bound);
        await proxy.WaitForShutdownAsync(stopped.Token);
    }

    [Fact]
    public async Task Drain_GracePeriod_KeepsAcceptingThenRefuses()
    {
        await using var origin = new TestOrigin("a");
        await using var proxy = await StartAsync(origin, new ShutdownConfig(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)));

        var drain = proxy.DrainAndStopAsync(withGracePeriod: true);
        // Load balancers still send clients during the grace period: they are served.
        var during = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/during-grace"));
        Assert.Equal(200, during.StatusCode);

        await AssertNotServedAsync(proxy.Port);
        await drain.WaitAsync(Bound);
    }

    [Fact]
    public async Task Drain_Timeout_AbortsWhatIsLeft()
    {
        await using var origin = new TestOrigin("a", _ => OriginResponse.NeverAnswer());
        await using var proxy = await StartAsync(origin, new ShutdownConfig(TimeSpan.Zero, TimeSpan.FromMilliseconds(300)));
        await using var stuck = await proxy.ConnectAsync();
        await stuck.SendAsync(RawRequest.Get(Domain, "/never"));
        await origin.WaitForRequestsAsync(1);

        await proxy.DrainAndStopAsync(withGracePeriod: false).WaitAsync(Bound);

        Assert.True(await stuck.IsClosedByPeerAsync(Bound), "the stuck connection survived the drain timeout");
        using var stopped = new CancellationTokenSource(Bound);
        await proxy.WaitForShutdownAsync(stopped.Token);
    }

    private static Task<InProcessProxy> StartAsync(TestOrigin origin, ShutdownConfig shutdown) =>
        InProcessProxy.StartAsync(TestConfigs.Proxy(TestConfigs.Service(Domain, origin)) with { Shutdown = shutdown });

    private static HttpClient Monitoring(InProcessProxy proxy) =>
        new() { BaseAddress = new Uri("http://127.0.0.1:" + proxy.MonitoringPort), Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>
    /// Polls (bounded) until a new client is turned away: refused by a closed port, or (while connections still
    /// drain, see ListenerActor.Draining.cs) accepted and closed without an answer.
    /// </summary>
    internal static Task AssertNotServedAsync(int port) =>
        Poll.UntilAsync(() => IsTurnedAwayAsync(port), "port " + port + " to turn new clients away", Bound, TimeSpan.FromMilliseconds(50));

    private static async Task<bool> IsTurnedAwayAsync(int port)
    {
        RawHttpClient client;
        try
        {
            client = await RawHttpClient.ConnectAsync(port, TimeSpan.FromSeconds(5));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
        {
            // Refused by a closed port, or reset while connecting by a listener aborting it.
            return true;
        }

        await using (client)
        {
            try
            {
                await client.SendAsync(RawRequest.Get(Domain, "/turned-away", "Connection: close"));
            }
            catch (SocketException)
            {
                return true;
            }

            return await client.IsClosedByPeerAsync(TimeSpan.FromSeconds(5)) && client.Buffered == 0;
        }
    }
}
