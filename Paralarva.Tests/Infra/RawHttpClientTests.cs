using System.Net.Sockets;
using System.Text;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.Infra;

public sealed class RawHttpClientTests
{
    private const string ContentLengthResponse = "HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX-A: 1\r\n\r\nhello world";
    private const string ChunkedResponse = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n";
    private const string CloseDelimitedResponse = "HTTP/1.1 200 OK\r\nX-A: 1\r\n\r\nhello world";

    [Theory]
    [InlineData(ContentLengthResponse, "ContentLength")]
    [InlineData(ChunkedResponse, "Chunked")]
    [InlineData(CloseDelimitedResponse, "CloseDelimited")]
    public async Task RawHttpClient_ResponseSplitAtEveryOffset_ParsesIdentically(string response, string framing)
    {
        var bytes = Encoding.Latin1.GetBytes(response);
        for (var split = 1; split < bytes.Length; split++)
        {
            await using var peer = await ScriptedPeer.ConnectAsync();
            var read = peer.Client.ReadResponseAsync();
            await peer.SendAsync(bytes.AsMemory(0, split));
            await peer.SendAsync(bytes.AsMemory(split));
            if (framing == "CloseDelimited")
            {
                peer.Server.Shutdown(SocketShutdown.Send);
            }

            var parsed = await read;
            Assert.Equal(200, parsed.StatusCode);
            Assert.Equal("hello world", parsed.BodyText);
            Assert.Equal(Enum.Parse<WireFraming>(framing), parsed.Framing);
            Assert.Equal(bytes, parsed.Raw);
        }
    }

    [Fact]
    public async Task RawHttpClient_ChunkedResponse_ExposesChunksAndTrailers()
    {
        await using var peer = await ScriptedPeer.ConnectAsync();
        await peer.SendAsync(ChunkedResponse);

        var response = await peer.Client.ReadResponseAsync();

        Assert.Equal([5L, 6L], response.ChunkSizes);
        Assert.Equal("t", response.Trailers.Get("X-Trailer"));
        Assert.Equal(BodyCollector.Sha256Hex("hello world"u8), response.BodySha256);
    }

    [Fact]
    public async Task RawHttpClient_PipelinedResponses_ReadOneAtATime()
    {
        await using var peer = await ScriptedPeer.ConnectAsync();
        await peer.SendAsync(ContentLengthResponse + ChunkedResponse + "HTTP/1.1 204 No Content\r\n\r\n" + ContentLengthResponse);

        var first = await peer.Client.ReadResponseAsync();
        var second = await peer.Client.ReadResponseAsync();
        var third = await peer.Client.ReadResponseAsync();
        var fourth = await peer.Client.ReadResponseAsync();

        Assert.Equal(WireFraming.ContentLength, first.Framing);
        Assert.Equal(WireFraming.Chunked, second.Framing);
        Assert.Equal(204, third.StatusCode);
        Assert.Empty(third.Body);
        Assert.Equal("hello world", fourth.BodyText);
        Assert.Equal(0, peer.Client.Buffered);
    }

    [Fact]
    public async Task RawHttpClient_HeadResponse_HasNoBodyDespiteContentLength()
    {
        await using var peer = await ScriptedPeer.ConnectAsync();
        await peer.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + ContentLengthResponse);

        var head = await peer.Client.ReadResponseAsync("HEAD");
        var next = await peer.Client.ReadResponseAsync();

        Assert.Equal("1000", head.Header("content-length"));
        Assert.Empty(head.Body);
        Assert.Equal("hello world", next.BodyText);
    }

    [Fact]
    public async Task RawHttpClient_InterimContinue_IsReturnedBeforeFinal()
    {
        await using var peer = await ScriptedPeer.ConnectAsync();
        await peer.SendAsync("HTTP/1.1 100 Continue\r\n\r\n" + ContentLengthResponse);

        var interim = await peer.Client.ReadResponseAsync();
        var final = await peer.Client.ReadResponseAsync();

        Assert.Equal(100, interim.StatusCode);
        Assert.Equal(200, final.StatusCode);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A : 1\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX")]
    [InlineData("HTTP/1.1 OK\r\nContent-Length: 0\r\n\r\n")]
    public async Task RawHttpClient_MalformedResponse_Throws(string response)
    {
        await using var peer = await ScriptedPeer.ConnectAsync();
        await peer.SendAsync(response);
        peer.Server.Shutdown(SocketShutdown.Send);

        await Assert.ThrowsAsync<HttpFormatException>(() => peer.Client.ReadResponseAsync());
    }

    [Fact]
    public async Task RawHttpClient_TruncatedBody_ThrowsWithProgress()
    {
        await using var peer = await ScriptedPeer.ConnectAsync();
        await peer.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello");
        peer.Server.Shutdown(SocketShutdown.Send);

        var error = await Assert.ThrowsAsync<HttpFormatException>(() => peer.Client.ReadResponseAsync());

        Assert.Contains("5 of 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RawHttpClient_NoResponse_TimesOutShowingReceivedBytes()
    {
        await using var peer = await ScriptedPeer.ConnectAsync();
        await peer.SendAsync("HTTP/1.1 200 OK\r\nContent-Len");

        var error = await Assert.ThrowsAsync<TimeoutException>(() => peer.Client.ReadResponseAsync(timeout: TimeSpan.FromMilliseconds(200)));

        Assert.Contains("Content-Len", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RawHttpClient_IsClosedByPeerWhileOpen_FalseAndConnectionStillUsable()
    {
        await using var peer = await ScriptedPeer.ConnectAsync();

        Assert.False(await peer.Client.IsClosedByPeerAsync(Absence.Window));
        await peer.SendAsync(ContentLengthResponse);
        var response = await peer.Client.ReadResponseAsync();
        await peer.Client.SendAsync("ping");
        var echoed = new byte[4];
        var received = await peer.Server.ReceiveAsync(echoed.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("hello world", response.BodyText);
        Assert.Equal("ping", Encoding.ASCII.GetString(echoed, 0, received));
    }

    [Fact]
    public async Task RawHttpClient_PeerCloses_IsClosedByPeerTrueAndDataKept()
    {
        await using var peer = await ScriptedPeer.ConnectAsync();
        await peer.SendAsync("bye");
        peer.Server.Shutdown(SocketShutdown.Send);

        Assert.True(await peer.Client.IsClosedByPeerAsync(TimeSpan.FromSeconds(10)));
        Assert.True(peer.Client.SawEndOfStream);
        Assert.Equal("bye"u8.ToArray(), await peer.Client.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task RawHttpClient_PeerResets_IsClosedByPeerTrueAndSawReset()
    {
        await using var peer = await ScriptedPeer.ConnectAsync();
        peer.Server.LingerState = new LingerOption(true, 0);
        peer.Server.Close();

        Assert.True(await peer.Client.IsClosedByPeerAsync(TimeSpan.FromSeconds(10)));
        Assert.True(peer.Client.SawReset);
    }

    [Fact]
    public async Task RawHttpClient_ByteByByteSend_ArrivesIntact()
    {
        await using var peer = await ScriptedPeer.ConnectAsync();
        const string request = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";

        await peer.Client.SendByteByByteAsync(request);
        var buffer = new byte[request.Length];
        var total = 0;
        for (var reads = 0; total < buffer.Length && reads < buffer.Length; reads++)
        {
            total += await peer.Server.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(request, Encoding.Latin1.GetString(buffer, 0, total));
    }
}
