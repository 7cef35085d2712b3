using System.Net.Sockets;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// limits.max_client_connections: a connection beyond the limit is reset at once without a byte of answer
/// (nginx closes the excess when worker_connections run out; HAProxy stops accepting), and a slot freed by a
/// closing client is usable again.
/// </summary>
public sealed class ClientConnectionLimitTests
{
    private const string Domain = "svc.example";

    [Fact]
    public async Task OverTheLimit_RefusedWithoutAnswer_ThenAcceptedOnceASlotFrees()
    {
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(LimitsConfig.Default with { MaxClientConnections = 1 }, TestConfigs.Service(Domain, origin)));
        var first = await proxy.ConnectAsync();
        Assert.Equal(200, (await first.SendAndReadAsync(RawRequest.Get(Domain, "/first"))).StatusCode);

        Assert.Empty(await TryExcessAsync(proxy));
        await first.DisposeAsync();

        // The listener learns of the close asynchronously: new connections are tried, bounded, until one is served.
        await Poll.UntilAsync(async () =>
        {
            try
            {
                await using var next = await proxy.ConnectAsync();
                return (await next.SendAndReadAsync(RawRequest.Get(Domain, "/next"))).StatusCode == 200;
            }
            catch (Exception e) when (e is HttpFormatException or SocketException)
            {
                return false; // still over the limit: aborted
            }
        }, "a connection accepted and served after the only one closed", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        Assert.Equal(["/first", "/next"], origin.Requests.Select(static r => r.Target));
    }

    /// <summary>What the excess connection receives before it is closed (must be nothing), request sent or not.</summary>
    private static async Task<byte[]> TryExcessAsync(InProcessProxy proxy)
    {
        try
        {
            await using var excess = await proxy.ConnectAsync();
            try
            {
                await excess.SendAsync(RawRequest.Get(Domain, "/excess"));
            }
            catch (SocketException)
            {
                return [];
            }

            return await excess.ReadUntilClosedAsync(RawHttpClient.DefaultTimeout);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return [];
        }
    }
}
