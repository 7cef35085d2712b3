using System.Globalization;
using System.Text;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// 64 MiB bodies streamed through the proxy both ways, compared by SHA-256. Correctness, not speed:
/// the bounds are generous, and neither side ever holds a whole body.
/// </summary>
public sealed class LargeBodyTests
{
    private const string Domain = "svc.example";
    private const long Length = 64L * 1024 * 1024;
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData(WireFraming.ContentLength)]
    [InlineData(WireFraming.Chunked)]
    public async Task Response64MiB_StreamsThroughIntact(WireFraming framing)
    {
        // DESIGN.md data path: bodies are relayed piece by piece with write acks, never buffered whole.
        await using var origin = new TestOrigin("a", _ => OriginResponse.Large(Length, framing));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();
        client.Timeout = TransferTimeout;
        client.MaxStoredBodyBytes = 0;

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/large"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(framing, response.Framing);
        Assert.Equal(Length, response.BodyLength);
        Assert.Equal(BodyPattern.Sha256Hex(Length), response.BodySha256);
    }

    [Theory]
    [InlineData(WireFraming.ContentLength)]
    [InlineData(WireFraming.Chunked)]
    public async Task Upload64MiB_StreamsThroughIntact(WireFraming framing)
    {
        // DESIGN.md data path: an upload streams through with backpressure, never buffered whole.
        await using var origin = new TestOrigin("a", req => OriginResponse.Ok(req.BodySha256));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();
        client.Timeout = TransferTimeout;

        await client.SendAsync("PUT /large HTTP/1.1\r\nHost: svc.example\r\n" + (framing == WireFraming.Chunked
            ? "Transfer-Encoding: chunked\r\n\r\n"
            : "Content-Length: " + Length.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n"));
        await SendPatternAsync(client, Length, chunked: framing == WireFraming.Chunked);
        var response = await client.ReadResponseAsync("PUT", TransferTimeout);

        Assert.Equal(200, response.StatusCode);
        var seen = Assert.Single(await origin.WaitForRequestsAsync(1));
        Assert.Equal(framing, seen.Framing);
        Assert.Equal(Length, seen.BodyLength);
        Assert.Equal(BodyPattern.Sha256Hex(Length), seen.BodySha256);
        Assert.Equal(seen.BodySha256, response.BodyText);
    }

    /// <summary>Sends <paramref name="length"/> pattern bytes in 64 KiB writes, each one chunk when <paramref name="chunked"/>.</summary>
    private static async Task SendPatternAsync(RawHttpClient client, long length, bool chunked)
    {
        var block = new byte[64 * 1024];
        for (long offset = 0; offset < length; offset += block.Length)
        {
            var n = (int)Math.Min(block.Length, length - offset);
            BodyPattern.Fill(block.AsSpan(0, n), offset);
            if (chunked)
                await client.SendAsync(n.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
            await client.SendAsync(block.AsMemory(0, n));
            if (chunked)
                await client.SendAsync("\r\n");
        }

        if (chunked)
            await client.SendAsync(Encoding.Latin1.GetBytes("0\r\n\r\n"));
    }
}
