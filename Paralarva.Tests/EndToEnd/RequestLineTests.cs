using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// RFC 9112 section 3: a request line is judged as soon as it has ended, not when the head does, and one longer than
/// the head limit is a URI too long. Nothing of a refused request reaches the member.
/// </summary>
public sealed class RequestLineTests
{
    private const string Domain = "svc.example";

    [Theory]
    // HTTP/0.9's "GET /path": no version, and no head end will ever follow it.
    [InlineData("GET /echo\r\n")]
    [InlineData("\r\nGET /echo\n")]
    [InlineData("GET  /echo HTTP/1.1\r\n")]
    [InlineData("GET /echo HTTP/2.0\r\nHost: svc.example\r\n")]
    public async Task InvalidRequestLine_HeadNotEnded_400AtOnce(string partialHead)
    {
        // The head timeout is far longer than the client's wait: only an answer to the line itself arrives in time.
        await using var origin = new TestOrigin("a");
        var config = TestConfigs.Proxy(TestConfigs.Service(Domain, origin)) with
        {
            Timeouts = TimeoutsConfig.Default with { RequestHead = TimeSpan.FromMinutes(5) },
        };
        await using var proxy = await InProcessProxy.StartAsync(config);
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync(partialHead);
        var response = await client.ReadResponseAsync();

        Assert.Equal(400, response.StatusCode);
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the connection stayed open");
        Assert.Equal(0, origin.BytesReceived);
    }

    [Fact]
    public async Task ValidRequestLineInPieces_WaitsForTheHead_Forwarded()
    {
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        await client.SendAsync("GET /echo HTTP/1.1\r\n");
        await client.SendAsync("Host: svc.example\r\n");
        await client.SendAsync("\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("/echo", Assert.Single(await origin.WaitForRequestsAsync(1)).Target);
    }

    [Theory]
    // The request line alone is over the limit: 414, as nginx answers, in one piece or in several.
    [InlineData(2000, 0, 414, false)]
    [InlineData(2000, 0, 414, true)]
    // The line fits, the fields do not: 431 (RFC 6585 section 5).
    [InlineData(100, 2000, 431, false)]
    [InlineData(100, 2000, 431, true)]
    public async Task HeadOverTheLimit_414ForTheLine431ForTheFields(int targetLength, int fieldLength, int status, bool inPieces)
    {
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(LimitsConfig.Default with { MaxRequestHeadBytes = 1024 }, TestConfigs.Service(Domain, origin)));
        await using var client = await proxy.ConnectAsync();
        var request = "GET /" + new string('a', targetLength) + " HTTP/1.1\r\nHost: svc.example\r\nX-Big: " + new string('b', fieldLength) + "\r\n\r\n";

        if (inPieces)
            await client.SendInPiecesAsync(System.Text.Encoding.Latin1.GetBytes(request), pieceSize: 300);
        else
            await client.SendAsync(request);
        var response = await client.ReadResponseAsync();

        Assert.Equal(status, response.StatusCode);
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the connection stayed open");
        Assert.Equal(0, origin.BytesReceived);
    }
}
