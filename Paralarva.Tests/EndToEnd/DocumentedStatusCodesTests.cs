using System.Net;
using System.Net.Sockets;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// The status codes README.md states for a member that cannot be reached or is too slow, one test each:
/// connection refused 502, connection not opened within <c>timeouts.connect</c> 504 (a gateway timeout, as nginx's
/// <c>proxy_connect_timeout</c> and HAProxy's <c>timeout connect</c> give), no response byte within <c>--timeout</c> 504.
/// </summary>
public sealed class DocumentedStatusCodesTests
{
    private const string Domain = "status.example";

    [Fact]
    public async Task ConnectRefused_502()
    {
        // A bound socket that does not listen: connecting is refused, and no one else can take the port.
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, StrategyNames.RoundRobin, ((IPEndPoint)closed.LocalEndPoint!).Port));

        var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain));

        Assert.Equal(502, response.StatusCode);
        Assert.Equal("<h1>Error 502: Bad Gateway</h1>", response.BodyText);
    }

    [Fact]
    public async Task ConnectNotOpenedWithinTimeoutsConnect_504BeforeTheResponseTimeout()
    {
        // A listener that never accepts, its backlog filled: the kernel drops further SYNs, so a connect hangs.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen(0);
        var port = ((IPEndPoint)silent.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                _ = filler.ConnectAsync(IPAddress.Loopback, port);
            }

            var config = TestConfigs.Proxy(TestConfigs.Service(Domain, StrategyNames.RoundRobin, port)) with
            {
                Timeouts = new TimeoutsConfig { Member = MemberTimeoutsConfig.Default with { Connect = TimeSpan.FromMilliseconds(300) } },
            };
            // A response timeout of an hour: a 504 within the client's read bound (10 s) is the connect timeout's.
            await using var proxy = await InProcessProxy.StartAsync(config, InProcessProxy.DefaultOptions with { Timeout = TimeSpan.FromHours(1) });

            var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain));

            Assert.Equal(504, response.StatusCode);
            Assert.Equal("<h1>Error 504: Gateway Timeout</h1>", response.BodyText);
        }
        finally
        {
            foreach (var filler in fillers)
                filler.Dispose();
        }
    }

    [Fact]
    public async Task NoResponseByteWithinTimeout_504()
    {
        await using var origin = new TestOrigin("silent", _ => OriginResponse.NeverAnswer());
        var options = InProcessProxy.DefaultOptions with { Timeout = TimeSpan.FromMilliseconds(500) };
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Proxy(TestConfigs.Service(Domain, origin)), options);

        var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain));

        Assert.Equal(504, response.StatusCode);
        Assert.Equal("<h1>Error 504: Gateway Timeout</h1>", response.BodyText);
    }
}
