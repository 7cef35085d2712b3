using System.Text;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>Issue 3's message handling against a real nginx member: 100-continue, hop-by-hop fields, X-Forwarded-For.</summary>
public sealed class NginxHardeningTests(NginxProxyFixture fixture) : IClassFixture<NginxProxyFixture>
{
    private const string Domain = NginxProxyFixture.Domain;

    [Fact]
    public async Task ExpectContinue_NginxEcho_ExactlyOne100ThenTheEchoAndTheConnectionStaysUsable()
    {
        // RFC 9110 section 10.1.1: nginx sends its own 100 to the proxy; the client already had the proxy's and must not
        // get a second one (it would be read as the answer to its next request).
        Assert.True(fixture.Nginx.SupportsEcho, "the nginx echo module is missing: run scripts/install-deps.sh");
        await using var client = await fixture.Proxy.ConnectAsync();

        await client.SendAsync("POST " + NginxOrigin.EchoPath + " HTTP/1.1\r\nHost: " + Domain + "\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n");
        var interim = await client.ReadResponseAsync("POST");
        await client.SendAsync("hello nginx");
        var echo = await client.ReadResponseAsync("POST");
        var next = await client.SendAndReadAsync(RawRequest.Get(Domain, "/"));

        Assert.Equal(100, interim.StatusCode);
        Assert.Equal("hello nginx", echo.BodyText);
        Assert.Equal(200, next.StatusCode);
        Assert.Equal(0, client.Buffered);
    }

    [Fact]
    public async Task HopByHopFields_NginxSeesNoneAndAnAppendedForwardedFor()
    {
        // RFC 9110 section 7.6.1: Connection, the fields it names, Keep-Alive, Proxy-Connection, TE, Upgrade; Trailer
        // (section 6.6.2) goes on, as nginx's and HAProxy's own proxies forward it.
        Assert.True(fixture.Nginx.SupportsEcho, "the nginx echo module is missing: run scripts/install-deps.sh");
        await using var client = await fixture.Proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, NginxOrigin.HeadersPath,
            // Without "upgrade" among the Connection options this is no upgrade request, so Upgrade is dropped too.
            "Connection: X-Secret", "X-Secret: 1", "Keep-Alive: timeout=5", "Proxy-Connection: keep-alive",
            "TE: trailers", "Trailer: X-Sum", "Upgrade: websocket", "X-Forwarded-For: 203.0.113.9", "X-Kept: yes"));

        var seen = Encoding.Latin1.GetString(response.Body);
        foreach (var name in new[] { "Connection:", "X-Secret:", "Keep-Alive:", "Proxy-Connection:", "TE:", "Upgrade:" })
            Assert.DoesNotContain("\n" + name, seen, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\nTrailer: X-Sum\r\n", seen, StringComparison.Ordinal);
        Assert.Contains("\nX-Kept: yes\r\n", seen, StringComparison.Ordinal);
        Assert.Contains("\nX-Forwarded-For: 203.0.113.9, 127.0.0.1\r\n", seen, StringComparison.Ordinal);
        Assert.Contains("\nX-Forwarded-Proto: http\r\n", seen, StringComparison.Ordinal);
        Assert.Contains("\nX-Forwarded-Host: " + Domain + "\r\n", seen, StringComparison.Ordinal);
    }
}
