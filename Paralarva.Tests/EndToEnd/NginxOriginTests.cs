using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>A real nginx behind the proxy: the proxy must be transparent to a production-grade origin.</summary>
public sealed class NginxOriginTests(NginxProxyFixture fixture) : IClassFixture<NginxProxyFixture>
{
    private const string Domain = NginxProxyFixture.Domain;

    private NginxOrigin Nginx => fixture.Nginx;

    private InProcessProxy Proxy => fixture.Proxy;

    [Fact]
    public async Task SmallBody_Relayed()
    {
        // The proxy is transparent to a real origin: status, fields and body as nginx sent them.
        var response = await Proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(Nginx.RootBody, response.BodyText);
        Assert.Equal(WireFraming.ContentLength, response.Framing);
        Assert.Equal("nginx", response.Header("Server")?.Split('/')[0]);
    }

    [Theory]
    [InlineData(1024 * 1024)]
    [InlineData(10 * 1024 * 1024)]
    public async Task File_DownloadedWithHttpClient_IsIntact(long size)
    {
        // RFC 9112 section 6.2 with a real origin (sendfile) and a real client (HttpClient).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("http://127.0.0.1:" + Proxy.Port + NginxOrigin.FilePath(size)));
        request.Headers.Host = Domain;

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(size, response.Content.Headers.ContentLength);
        Assert.Equal(BodyPattern.Sha256Hex(size), sha);
    }

    [Fact]
    public async Task ChunkedResponse_ClientSeesValidChunkedBody()
    {
        // RFC 9112 section 7.1: nginx's chunked coding reaches an HTTP/1.1 client valid.
        await using var client = await Proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, NginxOrigin.ChunkedPath));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(WireFraming.Chunked, response.Framing);
        Assert.Equal(Nginx.ChunkedBody, response.BodyText);
        Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/"))).StatusCode);
    }

    [Theory]
    [InlineData(404, "Not Found")]
    [InlineData(500, "Internal Server Error")]
    public async Task ErrorStatus_RelayedAsIs(int status, string reason)
    {
        // RFC 9110 section 15: a member's error status is a response like any other, not a proxy error.
        await using var client = await Proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/status/" + status));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(reason, response.Reason);
        Assert.Equal("status " + status + "\n", response.BodyText);
        // The member's error is a response like any other: the connection goes on.
        Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/"))).StatusCode);
    }

    [Fact]
    public async Task Head_ContentLengthWithoutBody_ConnectionStaysUsable()
    {
        // RFC 9110 section 9.3.2: nginx announces the length of the file and sends no body.
        const long size = 1024 * 1024;
        await using var client = await Proxy.ConnectAsync();

        var head = await client.SendAndReadAsync("HEAD " + NginxOrigin.FilePath(size) + " HTTP/1.1\r\nHost: " + Domain + "\r\n\r\n", "HEAD");
        var get = await client.SendAndReadAsync(RawRequest.Get(Domain, "/"));

        Assert.Equal(200, head.StatusCode);
        Assert.Equal(size.ToString(CultureInfo.InvariantCulture), head.Header("Content-Length"));
        Assert.Equal(0, head.BodyLength);
        Assert.Equal(Nginx.RootBody, get.BodyText);
    }

    [Fact]
    public async Task KeepAlive_MemberConnectionReusedAcrossRequestsAndClients()
    {
        // RFC 9112 section 9.3: nginx's $connection and $connection_requests show one member connection serving all.
        var answers = new List<string>();
        await using (var client = await Proxy.ConnectAsync())
        {
            for (var i = 0; i < 5; i++)
                answers.Add((await client.SendAndReadAsync(RawRequest.Get(Domain, NginxProxyFixture.ConnectionPath))).BodyText);
            // Closing this client only after the proxy's FIN orders the member connection's release first.
            answers.Add((await client.SendAndReadAsync(RawRequest.Get(Domain, NginxProxyFixture.ConnectionPath, "Connection: close"))).BodyText);
            Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout));
        }

        await using (var client = await Proxy.ConnectAsync())
            answers.Add((await client.SendAndReadAsync(RawRequest.Get(Domain, NginxProxyFixture.ConnectionPath))).BodyText);

        var connections = answers.Select(a => a.Split(' ')[0]).Distinct();
        var served = answers.Select(a => int.Parse(a.Split(' ')[1], CultureInfo.InvariantCulture)).ToList();
        Assert.Single(connections);
        Assert.Equal(Enumerable.Range(served[0], answers.Count), served);
    }

    [Fact]
    public async Task Upload_EchoedByNginx_IsIntact()
    {
        const int length = 512 * 1024;
        Assert.True(Nginx.SupportsEcho, "the nginx echo module is missing: run scripts/install-deps.sh");
        var body = BodyPattern.Create(length);
        await using var client = await Proxy.ConnectAsync();

        await client.SendAsync("POST " + NginxOrigin.EchoPath + " HTTP/1.1\r\nHost: " + Domain + "\r\nContent-Length: " + length + "\r\n\r\n");
        await client.SendAsync(body);
        var response = await client.ReadResponseAsync("POST");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(length, response.BodyLength);
        Assert.Equal(BodyCollector.Sha256Hex(body), response.BodySha256);
    }
    [Fact]
    public async Task HeadOfChunkedResource_NoBodyAndConnectionStaysUsable()
    {
        // RFC 9112 section 6.3 point 1: a HEAD response has no body, whatever its framing fields.
        await using var client = await Proxy.ConnectAsync();

        var head = await client.SendAndReadAsync("HEAD " + NginxOrigin.ChunkedPath + " HTTP/1.1\r\nHost: " + Domain + "\r\n\r\n", "HEAD");
        var get = await client.SendAndReadAsync(RawRequest.Get(Domain, NginxOrigin.ChunkedPath));

        Assert.Equal(200, head.StatusCode);
        Assert.Equal(0, head.BodyLength);
        Assert.Equal(Nginx.ChunkedBody, get.BodyText);
    }

    [Fact]
    public async Task Http10Client_ChunkedResource_PlainBodyThenClose()
    {
        // nginx answers the proxy's HTTP/1.1 request chunked; the HTTP/1.0 client must not see the coding (RFC 9112 section 6.1).
        await using var client = await Proxy.ConnectAsync();

        await client.SendAsync("GET " + NginxOrigin.ChunkedPath + " HTTP/1.0\r\nHost: " + Domain + "\r\n\r\n");
        var answer = System.Text.Encoding.Latin1.GetString(await client.ReadUntilClosedAsync());

        var headEnd = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(headEnd > 0, answer);
        Assert.DoesNotContain("Transfer-Encoding", answer[..headEnd], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Nginx.ChunkedBody, answer[(headEnd + 4)..]);
    }
}
