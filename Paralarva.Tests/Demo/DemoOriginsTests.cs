using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Paralarva.Host.Demo;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.Demo;

public sealed class DemoOriginsTests : IAsyncLifetime
{
    private readonly HttpClient _client = new();
    private int _port1;
    private int _port2;
    private DemoOrigins? _origins;

    public async Task InitializeAsync()
    {
        // Port 0: the origins bind free ports themselves and say which (no port reserved, released and taken by another test).
        _origins = await DemoOrigins.StartAsync(
            [("127.0.0.1", 0), ("127.0.0.1", 0)], NullLogger.Instance, CancellationToken.None);
        _port1 = _origins.EndPoints[0].Port;
        _port2 = _origins.EndPoints[1].Port;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_origins is not null)
            await _origins.DisposeAsync();
    }

    [Fact]
    public async Task Get_EachMember_NamesTheMemberThatAnswered()
    {
        var first = await _client.GetStringAsync(Url(_port1, "/hello"));
        var second = await _client.GetStringAsync(Url(_port2, "/other?x=1"));

        Assert.Equal("Hello from demo member 127.0.0.1:" + _port1 + " (GET /hello)\n", first);
        Assert.Equal("Hello from demo member 127.0.0.1:" + _port2 + " (GET /other?x=1)\n", second);
    }

    [Fact]
    public async Task Post_WithContentLength_EchoesBodyLength()
    {
        using var response = await _client.PostAsync(Url(_port1, "/upload"), new ByteArrayContent(new byte[5]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello from demo member 127.0.0.1:" + _port1 + " (POST /upload), received 5 bytes\n",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_Chunked_EchoesBodyLength()
    {
        // A stream of unknown length makes HttpClient send Transfer-Encoding: chunked.
        using var content = new StreamContent(new NonSeekableStream(new byte[100_000]));
        using var response = await _client.PostAsync(Url(_port2, "/chunked"), content);

        Assert.Equal("Hello from demo member 127.0.0.1:" + _port2 + " (POST /chunked), received 100000 bytes\n",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_Empty_ReceivedZeroBytes()
    {
        using var response = await _client.PostAsync(Url(_port1, "/"), new ByteArrayContent([]));

        Assert.Equal("Hello from demo member 127.0.0.1:" + _port1 + " (POST /), received 0 bytes\n",
            await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    [InlineData("PATCH")]
    [InlineData("BREW")]
    public async Task AnyMethod_Answered(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), Url(_port1, "/pot"));
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello from demo member 127.0.0.1:" + _port1 + " (" + method + " /pot)\n",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StartAsync_HostNameMember_SkippedOthersServed()
    {
        await using var origins = await DemoOrigins.StartAsync(
            [("backend.example", 9000), ("127.0.0.1", 0)], NullLogger.Instance, CancellationToken.None);
        var port = Assert.Single(origins.EndPoints).Port;

        var text = await _client.GetStringAsync(Url(port, "/"));

        Assert.StartsWith("Hello from demo member 127.0.0.1:" + port, text);
    }

    [Fact]
    public async Task StartAsync_NoServableMember_WarnsStartsNothingAndDisposesCleanly()
    {
        var logger = new RecordingLogger();
        var origins = await DemoOrigins.StartAsync([("backend.example", 9000)], logger, CancellationToken.None);

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, entry.Level);
        Assert.Contains("backend.example:9000 skipped", entry.Message, StringComparison.Ordinal);
        await origins.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task StartAsync_PortZero_BindsFreePortsAndLogsThem()
    {
        var logger = new RecordingLogger();
        await using var origins = await DemoOrigins.StartAsync([("127.0.0.1", 0), ("localhost", 0)], logger, CancellationToken.None);

        Assert.Equal(2, origins.EndPoints.Count);
        Assert.NotEqual(origins.EndPoints[0].Port, origins.EndPoints[1].Port);
        foreach (var endPoint in origins.EndPoints)
        {
            Assert.Equal(IPAddress.Loopback, endPoint.Address);
            Assert.NotEqual(0, endPoint.Port);
            Assert.StartsWith("Hello from demo member 127.0.0.1:" + endPoint.Port, await _client.GetStringAsync(Url(endPoint.Port, "/")));
        }

        Assert.Equal(
            ["Demo member listening on 127.0.0.1 port " + origins.EndPoints[0].Port, "Demo member listening on 127.0.0.1 port " + origins.EndPoints[1].Port],
            logger.Entries.Select(e => e.Message));
    }

    [Fact]
    public async Task DisposeAsync_StopsListening()
    {
        var origins = await DemoOrigins.StartAsync([("127.0.0.1", 0)], NullLogger.Instance, CancellationToken.None);
        var port = Assert.Single(origins.EndPoints).Port;
        Assert.StartsWith("Hello", await _client.GetStringAsync(Url(port, "/")));

        await origins.DisposeAsync();

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, port));
    }

    private static string Url(int port, string pathAndQuery) => "http://127.0.0.1:" + port + pathAndQuery;
}
