using Paralarva.Tests.Common;

namespace Paralarva.Tests.Infra;

public sealed class NginxOriginTests : IClassFixture<NginxOriginTests.Shared>
{
    private readonly NginxOrigin _nginx;

    public NginxOriginTests(Shared shared) => _nginx = shared.Nginx;

    [Fact]
    public async Task NginxOrigin_Root_AnswersInstanceNameWithContentLength()
    {
        await using var client = await RawHttpClient.ConnectAsync(_nginx.Port);

        var response = await client.SendAndReadAsync(RawRequest.Get("a.local"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(WireFraming.ContentLength, response.Framing);
        Assert.Equal("nginx shared\n", response.BodyText);
        Assert.Equal(_nginx.RootBody, response.BodyText);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(1024 * 1024)]
    [InlineData(10 * 1024 * 1024)]
    public async Task NginxOrigin_PatternFile_BodyMatchesPattern(long size)
    {
        await using var client = await RawHttpClient.ConnectAsync(_nginx.Port);

        var response = await client.SendAndReadAsync(RawRequest.Get("a.local", NginxOrigin.FilePath(size)));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(size, response.BodyLength);
        Assert.True(BodyPattern.Matches(response.Body));
        Assert.Equal(BodyPattern.Sha256Hex(size), response.BodySha256);
    }

    [Fact]
    public async Task NginxOrigin_ChunkedPath_AnswersChunked()
    {
        await using var client = await RawHttpClient.ConnectAsync(_nginx.Port);

        var response = await client.SendAndReadAsync(RawRequest.Get("a.local", NginxOrigin.ChunkedPath));

        Assert.Equal(WireFraming.Chunked, response.Framing);
        Assert.Equal("chunked", response.Header("Transfer-Encoding"));
        Assert.Equal(_nginx.ChunkedBody, response.BodyText);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(204)]
    [InlineData(302)]
    [InlineData(304)]
    [InlineData(404)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task NginxOrigin_StatusPath_ReturnsThatCode(int code)
    {
        await using var client = await RawHttpClient.ConnectAsync(_nginx.Port);

        var response = await client.SendAndReadAsync(RawRequest.Get("a.local", "/status/" + code));
        var next = await client.SendAndReadAsync(RawRequest.Get("a.local"));

        Assert.Equal(code, response.StatusCode);
        Assert.Equal(200, next.StatusCode);
    }

    [Fact]
    public async Task NginxOrigin_KeepAlive_ServesManyRequestsOnOneConnection()
    {
        await using var client = await RawHttpClient.ConnectAsync(_nginx.Port);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get("a.local"))).StatusCode);
        }

        Assert.False(await client.IsClosedByPeerAsync(Absence.Window));
    }

    [Fact]
    public async Task NginxOrigin_Echo_ReturnsRequestBody()
    {
        Assert.True(_nginx.SupportsEcho, "the nginx echo module is missing: run scripts/test.sh, which installs libnginx-mod-http-echo");
        await using var client = await RawHttpClient.ConnectAsync(_nginx.Port);
        var body = BodyPattern.Create(300 * 1024);

        await client.SendAsync($"POST {NginxOrigin.EchoPath} HTTP/1.1\r\nHost: a.local\r\nContent-Length: {body.Length}\r\n\r\n");
        await client.SendAsync(body);
        var response = await client.ReadResponseAsync();

        Assert.Equal(body, response.Body);
    }

    [Fact]
    public async Task NginxOrigin_Headers_EchoesRequestHead()
    {
        Assert.True(_nginx.SupportsEcho, "the nginx echo module is missing: run scripts/test.sh, which installs libnginx-mod-http-echo");
        await using var client = await RawHttpClient.ConnectAsync(_nginx.Port);

        var response = await client.SendAndReadAsync(RawRequest.Get("a.local", NginxOrigin.HeadersPath, "X-Forwarded-For: 127.0.0.9"));

        Assert.Contains("X-Forwarded-For: 127.0.0.9\r\n", response.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NginxOrigin_Dispose_StopsProcessAndDeletesDirectory()
    {
        var nginx = await NginxOrigin.StartAsync("short-lived", new NginxOriginOptions { FileSizes = [] });
        var port = nginx.Port;

        await nginx.DisposeAsync();

        Assert.False(Directory.Exists(nginx.Directory));
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => RawHttpClient.ConnectAsync(port));
    }

    [Fact]
    public async Task NginxOrigin_MissingBinary_FailsNamingTestScript()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => NginxOrigin.StartAsync("x", new NginxOriginOptions { NginxPath = "/nonexistent/nginx" }));

        Assert.Contains("scripts/test.sh", error.Message, StringComparison.Ordinal);
    }

    /// <summary>One nginx for the whole class: starting one costs a few hundred milliseconds.</summary>
    public sealed class Shared : IAsyncLifetime
    {
        private NginxOrigin? _nginx;

        public NginxOrigin Nginx => _nginx ?? throw new InvalidOperationException("not started");

        public async Task InitializeAsync() => _nginx = await NginxOrigin.StartAsync("shared");

        public async Task DisposeAsync()
        {
            if (_nginx is not null)
            {
                await _nginx.DisposeAsync();
            }
        }
    }
}
