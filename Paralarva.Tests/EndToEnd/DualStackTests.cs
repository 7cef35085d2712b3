using System.Net;
using System.Net.Sockets;
using System.Text;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// <c>-a</c> and <c>address: "::"</c> listen on <c>[::]</c> in dual mode, so IPv4 and IPv6 clients both connect (a pod
/// on a dual-stack cluster); an IPv4 literal stays IPv4-only. IPv4 clients arriving IPv4-mapped are written as IPv4.
/// </summary>
public sealed class DualStackTests
{
    private const string Domain = "dual.example";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ListenAllAddresses_ProxyAndMonitoringAnswerOverIpv4AndIpv6()
    {
        await using var origin = new TestOrigin("a");
        var options = InProcessProxy.DefaultOptions with { ListenAllAddresses = true };
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Proxy(TestConfigs.Service(Domain, origin)), options);

        Assert.Equal(IPAddress.IPv6Any, proxy.EndPoint.Address);
        Assert.StartsWith("HTTP/1.1 200 ", await GetAsync(IPAddress.Loopback, proxy.Port), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 ", await GetAsync(IPAddress.IPv6Loopback, proxy.Port), StringComparison.Ordinal);
        Assert.Equal(["127.0.0.1", "::1"], origin.Requests.Select(static r => r.Headers.Get("X-Forwarded-For")));

        using var http = new HttpClient { Timeout = Timeout };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("http://127.0.0.1:" + proxy.MonitoringPort + "/healthz"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("http://[::1]:" + proxy.MonitoringPort + "/healthz"))).StatusCode);
    }

    [Fact]
    public async Task ListenAddressAnyIpv6_DualStack_AccessLogWritesIpv4ClientsAsIpv4()
    {
        await using var origin = new TestOrigin("a");
        var log = Path.Combine(Path.GetTempPath(), "paralarva-dual-" + Guid.NewGuid().ToString("N") + ".log");
        var config = TestConfigs.Proxy(TestConfigs.Service(Domain, origin)) with
        {
            Listen = new ListenConfig("::", 0),
            AccessLog = AccessLogConfig.File(log),
        };
        try
        {
            await using (var proxy = await InProcessProxy.StartAsync(config))
            {
                Assert.StartsWith("HTTP/1.1 200 ", await GetAsync(IPAddress.Loopback, proxy.Port), StringComparison.Ordinal);
                Assert.StartsWith("HTTP/1.1 200 ", await GetAsync(IPAddress.IPv6Loopback, proxy.Port), StringComparison.Ordinal);
                Assert.Equal(["127.0.0.1", "::1"], origin.Requests.Select(static r => r.Headers.Get("X-Forwarded-For")));
                await ProxyReports.WaitForFileLineAsync(log, Timeout, lines: 2);
            }

            var clients = new List<string?>();
            foreach (var line in File.ReadAllLines(log))
            {
                using var entry = System.Text.Json.JsonDocument.Parse(line);
                clients.Add(entry.RootElement.GetProperty("client").GetString());
            }

            Assert.Equal(["127.0.0.1", "::1"], clients);
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public async Task ListenAddressIpv4Literal_Ipv4Only()
    {
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));

        Assert.StartsWith("HTTP/1.1 200 ", await GetAsync(IPAddress.Loopback, proxy.Port), StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<SocketException>(() => GetAsync(IPAddress.IPv6Loopback, proxy.Port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    /// <summary>One GET with <c>Connection: close</c> over a socket of <paramref name="address"/>'s family; the whole answer.</summary>
    private static async Task<string> GetAsync(IPAddress address, int port)
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(address, port), cts.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(RawRequest.Get(Domain, "/", "Connection: close")), SocketFlags.None, cts.Token);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0)
            received.Write(buffer, 0, read);
        return Encoding.ASCII.GetString(received.ToArray());
    }
}
