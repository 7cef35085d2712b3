using System.Net;
using System.Net.Sockets;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// SIGTERM and SIGINT to the real executable (issue 3, Shutdown): readiness false at once, a slow in-flight
/// request completes with <c>Connection: close</c>, new clients are turned away after the grace period, exit 0.
/// </summary>
[Collection(TestCollections.Processes)]
public sealed class ShutdownProcessTests : IDisposable
{
    private const string Domain = "svc.example";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new("paralarva-shutdown-");

    [Fact]
    public async Task Sigterm_ReadinessFalse_InFlightFinishes_NewClientsTurnedAway_Exit0()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var origin = new TestOrigin("a", req => req.Target == "/slow"
            ? OriginResponse.Ok("slow done").After(release.Task)
            : OriginResponse.Ok("fast"));
        var (host, port, monitoring) = await StartAsync(origin, gracePeriod: "1s");
        using var _ = host;
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + monitoring), Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        await using var slow = await RawHttpClient.ConnectAsync(port);
        await slow.SendAsync(RawRequest.Get(Domain, "/slow"));
        await origin.WaitForRequestsAsync(1);

        host.Signal(HostProcess.SIGTERM);

        // Readiness first: the endpoint answers 503 while the proxy still serves (bounded poll of another process).
        await PollAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.ServiceUnavailable, "readyz 503");
        Assert.Contains("\nparalarva_draining 1", await http.GetStringAsync("/metrics"));
        await GracefulShutdownTests.AssertNotServedAsync(port);
        Assert.False(host.HasExited, "the process exited before its in-flight request finished");

        release.SetResult();
        var response = await slow.ReadResponseAsync();
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("slow done", response.BodyText);
        Assert.Equal("close", response.Header("Connection"));
        Assert.Equal(0, await host.WaitForExitAsync(Bound));
        await AssertRefusedAsync(port);
    }

    [Fact]
    public async Task Sigint_NoGracePeriod_IdleProcessExits0()
    {
        await using var origin = new TestOrigin("a");
        // A grace period SIGINT must skip: were it applied, the exit would take a minute.
        var (host, port, _) = await StartAsync(origin, gracePeriod: "60s");
        using var _ = host;
        await using var client = await RawHttpClient.ConnectAsync(port);
        Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/"))).StatusCode);

        host.Signal(HostProcess.SIGINT);

        Assert.True(await client.IsClosedByPeerAsync(Bound), "the idle keep-alive connection was not closed");
        Assert.Equal(0, await host.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Sigterm_RightAfterTraffic_AccessLogKeepsEveryLine()
    {
        const int requests = 300;
        await using var origin = new TestOrigin("a");
        var log = _directory.PathOf("access.log");
        var (host, port, _) = await StartAsync(origin, gracePeriod: "0s", accessLog: log);
        using var _ = host;
        await using (var client = await RawHttpClient.ConnectAsync(port))
        {
            for (var i = 0; i < requests; i++)
                Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/" + i))).StatusCode);
        }

        // At once: lines still queued for the log's batch writer must be written before the process exits.
        host.Signal(HostProcess.SIGTERM);

        Assert.Equal(0, await host.WaitForExitAsync(Bound));
        Assert.Equal(requests, File.ReadLines(log).Count(line => line.Contains("\"status\":200", StringComparison.Ordinal)));
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Starts the executable on ports it binds itself (port 0 in the file, <c>-p 0</c>) and returns them once it listens.</summary>
    private Task<(HostProcess Host, int Port, int MonitoringPort)> StartAsync(TestOrigin origin, string gracePeriod, string? accessLog = null) =>
        HostProcess.StartServingAsync(_directory.Path, port => $"""
            proxy:
              listen:
                address: "127.0.0.1"
                port: {port}
              access_log: {accessLog ?? "off"}
              shutdown:
                grace_period: {gracePeriod}
                drain_timeout: 20s
              services:
                - name: svc
                  domain: {Domain}
                  hosts:
                    - address: "127.0.0.1"
                      port: {origin.Port}
            """);

    private static Task PollAsync(Func<Task<bool>> condition, string what) =>
        Poll.UntilAsync(condition, what, Bound, TimeSpan.FromMilliseconds(20));

    private static async Task AssertRefusedAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var e = await Assert.ThrowsAsync<SocketException>(async () => await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)));
        Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
    }
}
