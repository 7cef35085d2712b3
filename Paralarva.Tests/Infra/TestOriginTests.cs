using System.Text;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.Infra;

public sealed class TestOriginTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task TestOrigin_DefaultHandler_AnswersOriginNameWithContentLength()
    {
        await using var origin = new TestOrigin("a");
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        var response = await client.SendAndReadAsync(RawRequest.Get("svc.local", "/hello?x=1", "X-Test: yes"));
        var requests = await origin.WaitForRequestsAsync(1);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("origin a", response.BodyText);
        Assert.Equal("8", response.Header("Content-Length"));
        var request = Assert.Single(requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/hello?x=1", request.Target);
        Assert.Equal("svc.local", request.Header("host"));
        Assert.Equal([new("Host", "svc.local"), new("X-Test", "yes")], request.Headers);
        Assert.Equal(RawRequest.Get("svc.local", "/hello?x=1", "X-Test: yes"), Encoding.Latin1.GetString(request.RawHead));
    }

    [Fact]
    public async Task TestOrigin_KeepAlive_ServesManyRequestsOnOneConnection()
    {
        await using var origin = new TestOrigin("a");
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        for (var i = 0; i < 3; i++)
        {
            var response = await client.SendAndReadAsync(RawRequest.Get("a", "/" + i));
            Assert.Equal("origin a", response.BodyText);
        }

        var requests = await origin.WaitForRequestsAsync(3);
        Assert.Equal(1, origin.ConnectionsAccepted);
        Assert.All(requests, r => Assert.Equal(requests[0].ConnectionId, r.ConnectionId));
        Assert.Equal([1, 2, 3], requests.Select(r => r.SequenceOnConnection));
        Assert.False(await client.IsClosedByPeerAsync(Short));
    }

    [Fact]
    public async Task TestOrigin_TwoConnections_GetDistinctConnectionIds()
    {
        await using var origin = new TestOrigin("a");
        await using var first = await RawHttpClient.ConnectAsync(origin.Port);
        await using var second = await RawHttpClient.ConnectAsync(origin.Port);

        await first.SendAndReadAsync(RawRequest.Get("a"));
        await second.SendAndReadAsync(RawRequest.Get("a"));
        var requests = await origin.WaitForRequestsAsync(2);

        Assert.NotEqual(requests[0].ConnectionId, requests[1].ConnectionId);
        Assert.Equal(2, origin.OpenConnections);
    }

    [Fact]
    public async Task TestOrigin_PipelinedRequests_AnsweredInOrder()
    {
        await using var origin = new TestOrigin("a", r => OriginResponse.Ok("answer " + r.Target));
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        await client.SendAsync(RawRequest.Get("a", "/1") + RawRequest.WithBody("POST", "a", "/2", "body") + RawRequest.Get("a", "/3"));

        Assert.Equal("answer /1", (await client.ReadResponseAsync()).BodyText);
        Assert.Equal("answer /2", (await client.ReadResponseAsync()).BodyText);
        Assert.Equal("answer /3", (await client.ReadResponseAsync()).BodyText);
        Assert.Equal("body", (await origin.WaitForRequestsAsync(3))[1].BodyText);
    }

    [Fact]
    public async Task TestOrigin_ByteByByteRequest_IsParsed()
    {
        await using var origin = new TestOrigin("a");
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        await client.SendByteByByteAsync(RawRequest.WithBody("PUT", "a", "/slow", "12345"));
        var response = await client.ReadResponseAsync();

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("12345", (await origin.WaitForRequestsAsync(1))[0].BodyText);
    }

    [Fact]
    public async Task TestOrigin_ChunkedRequest_IsDecodedAndRecorded()
    {
        await using var origin = new TestOrigin("a");
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        await client.SendAndReadAsync(RawRequest.Chunked("POST", "a", "/up", ["hello", " ", "world"]));
        var request = (await origin.WaitForRequestsAsync(1))[0];

        Assert.Equal(WireFraming.Chunked, request.Framing);
        Assert.Equal("hello world", request.BodyText);
        Assert.Equal([5L, 1L, 5L], request.ChunkSizes);
    }

    [Fact]
    public async Task TestOrigin_ExpectContinue_SendsInterimThenFinal()
    {
        await using var origin = new TestOrigin("a");
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        await client.SendAsync("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
        var interim = await client.ReadResponseAsync();
        await client.SendAsync("abc");
        var final = await client.ReadResponseAsync();

        Assert.Equal(100, interim.StatusCode);
        Assert.Equal(200, final.StatusCode);
    }

    [Fact]
    public async Task TestOrigin_LargeUpload_IsCountedAndHashedNotStored()
    {
        const int size = 5 * 1024 * 1024;
        await using var origin = new TestOrigin("a");
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        await client.SendAsync($"POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: {size}\r\n\r\n");
        await client.SendAsync(BodyPattern.Create(size));
        await client.ReadResponseAsync();
        var request = (await origin.WaitForRequestsAsync(1))[0];

        Assert.Null(request.Body);
        Assert.Equal(size, request.BodyLength);
        Assert.Equal(BodyPattern.Sha256Hex(size), request.BodySha256);
    }

    [Fact]
    public async Task TestOrigin_ChunkedResponseInPieces_ClientSeesEachChunk()
    {
        await using var origin = new TestOrigin("a", _ => OriginResponse.Ok("abcdefghij").Chunked(pieces: 3).WithTrailer("X-T", "1"));
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        var response = await client.SendAndReadAsync(RawRequest.Get("a"));

        Assert.Equal(WireFraming.Chunked, response.Framing);
        Assert.Equal("abcdefghij", response.BodyText);
        Assert.Equal([3L, 3L, 4L], response.ChunkSizes);
        Assert.Equal("1", response.Trailers.Get("X-T"));
        Assert.False(await client.IsClosedByPeerAsync(Short));
    }

    [Fact]
    public async Task TestOrigin_PiecesGatedByTest_ArriveOnlyWhenReleased()
    {
        var gates = Enumerable.Range(0, 2).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        await using var origin = new TestOrigin("a", _ => OriginResponse.Ok("0123456789") with { Pieces = 2, BeforePiece = i => gates[i].Task });
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        await client.SendAsync(RawRequest.Get("a"));
        var read = client.ReadResponseAsync();
        gates[0].SetResult();
        await Assert.ThrowsAsync<TimeoutException>(() => read.WaitAsync(Short));
        gates[1].SetResult();
        var response = await read;

        Assert.Equal("0123456789", response.BodyText);
    }

    [Fact]
    public async Task TestOrigin_CloseDelimitedResponse_ClientReadsUntilClose()
    {
        await using var origin = new TestOrigin("a", _ => OriginResponse.Ok("until close").CloseDelimited(pieces: 2));
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        var response = await client.SendAndReadAsync(RawRequest.Get("a"));

        Assert.Equal(WireFraming.CloseDelimited, response.Framing);
        Assert.Equal("until close", response.BodyText);
        Assert.Null(response.Header("Content-Length"));
        Assert.True(client.SawEndOfStream);
        await origin.WaitForConnectionsClosedAsync(1);
    }

    [Fact]
    public async Task TestOrigin_LargeGeneratedResponse_StreamsPatternBody()
    {
        const long size = 10L * 1024 * 1024;
        await using var origin = new TestOrigin("a", _ => OriginResponse.Large(size));
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        var response = await client.SendAndReadAsync(RawRequest.Get("a", "/big"));

        Assert.Equal(size, response.BodyLength);
        Assert.True(BodyPattern.Matches(response.Body));
        Assert.Equal(BodyPattern.Sha256Hex(size), response.BodySha256);
    }

    [Fact]
    public async Task TestOrigin_LargeChunkedResponse_StreamsPatternBody()
    {
        const long size = 3L * 1024 * 1024 + 7;
        await using var origin = new TestOrigin("a", _ => OriginResponse.Large(size, WireFraming.Chunked) with { Pieces = 4 });
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        var response = await client.SendAndReadAsync(RawRequest.Get("a", "/big"));

        Assert.Equal(4, response.ChunkSizes.Count);
        Assert.Equal(BodyPattern.Sha256Hex(size), response.BodySha256);
    }

    [Fact]
    public async Task TestOrigin_HeadRequest_SendsLengthButNoBody()
    {
        await using var origin = new TestOrigin("a");
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        var head = await client.SendAndReadAsync("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n", "HEAD");
        var next = await client.SendAndReadAsync(RawRequest.Get("a"));

        Assert.Equal("8", head.Header("Content-Length"));
        Assert.Empty(head.Body);
        Assert.Equal("origin a", next.BodyText);
    }

    [Fact]
    public async Task TestOrigin_ConnectionCloseResponse_ClosesAfterAnswer()
    {
        await using var origin = new TestOrigin("a", _ => OriginResponse.Ok("last").WithClose());
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        var response = await client.SendAndReadAsync(RawRequest.Get("a"));

        Assert.Equal("close", response.Header("Connection"));
        Assert.True(await client.IsClosedByPeerAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task TestOrigin_ClientAsksClose_OriginClosesAfterAnswer()
    {
        await using var origin = new TestOrigin("a");
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        var response = await client.SendAndReadAsync(RawRequest.Get("a", "/", "Connection: close"));

        Assert.Equal("close", response.Header("Connection"));
        Assert.True(await client.IsClosedByPeerAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task TestOrigin_RawResponse_IsWrittenAsIs()
    {
        const string raw = "HTTP/1.1 299 Odd\r\nX-Weird:   spaced  \r\nContent-Length: 2\r\n\r\nok";
        await using var origin = new TestOrigin("a", _ => OriginResponse.RawText(raw));
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        var response = await client.SendAndReadAsync(RawRequest.Get("a"));

        Assert.Equal(raw, response.RawText);
        Assert.Equal("Odd", response.Reason);
        Assert.Equal("spaced", response.Header("x-weird"));
    }

    [Fact]
    public async Task TestOrigin_CloseWithoutAnswer_ClientSeesCleanClose()
    {
        await using var origin = new TestOrigin("a", _ => OriginResponse.CloseWithoutAnswer());
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        await client.SendAsync(RawRequest.Get("a"));

        Assert.Empty(await client.ReadUntilClosedAsync());
        Assert.False(client.SawReset);
    }

    [Fact]
    public async Task TestOrigin_Reset_ClientSeesReset()
    {
        await using var origin = new TestOrigin("a", _ => OriginResponse.Reset());
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        await client.SendAsync(RawRequest.Get("a"));

        Assert.True(await client.IsClosedByPeerAsync(TimeSpan.FromSeconds(10)));
        Assert.True(client.SawReset);
    }

    [Fact]
    public async Task TestOrigin_NeverAnswer_ClientTimesOutAndDisposeReleasesIt()
    {
        var origin = new TestOrigin("a", _ => OriginResponse.NeverAnswer());
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        await client.SendAsync(RawRequest.Get("a"));
        await origin.WaitForRequestsAsync(1);

        await Assert.ThrowsAsync<TimeoutException>(() => client.ReadResponseAsync(timeout: Short));
        await origin.DisposeAsync();
        Assert.True(await client.IsClosedByPeerAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task TestOrigin_DeferredResponse_WaitsForTheTest()
    {
        var answer = new TaskCompletionSource<OriginResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var origin = new TestOrigin("a", _ => OriginResponse.Deferred(answer.Task));
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        await client.SendAsync(RawRequest.Get("a"));
        var read = client.ReadResponseAsync();
        await origin.WaitForRequestsAsync(1);
        Assert.False(read.IsCompleted);
        answer.SetResult(OriginResponse.Text(503, "later"));

        Assert.Equal(503, (await read).StatusCode);
    }

    [Fact]
    public async Task TestOrigin_GatedResponse_WaitsForGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var origin = new TestOrigin("a", _ => OriginResponse.Ok("released").After(gate.Task));
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        await client.SendAsync(RawRequest.Get("a"));
        await origin.WaitForRequestsAsync(1);
        Assert.False(await client.IsClosedByPeerAsync(Short));
        Assert.Equal(0, client.Buffered);
        gate.SetResult();

        Assert.Equal("released", (await client.ReadResponseAsync()).BodyText);
    }

    [Fact]
    public async Task TestOrigin_WaitForRequests_TimesOutNamingCounts()
    {
        await using var origin = new TestOrigin("a");

        var error = await Assert.ThrowsAsync<TimeoutException>(() => origin.WaitForRequestsAsync(2, Short));

        Assert.Contains("2 requests received, saw 0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400)]
    [InlineData("GET /  HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 400)]
    public async Task TestOrigin_MalformedRequest_Answers400RecordsErrorAndCloses(string request, int status)
    {
        await using var origin = new TestOrigin("a");
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        var response = await client.SendAndReadAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.True(await client.IsClosedByPeerAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(origin.ProtocolErrors);
        Assert.Equal(0, origin.RequestsReceived);
    }

    [Fact]
    public async Task TestOrigin_HandlerReplacedWhileRunning_UsesNewHandler()
    {
        await using var origin = new TestOrigin("a");
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);

        var before = await client.SendAndReadAsync(RawRequest.Get("a"));
        origin.Handler = _ => OriginResponse.Text(404, "gone");
        var after = await client.SendAndReadAsync(RawRequest.Get("a"));

        Assert.Equal(200, before.StatusCode);
        Assert.Equal(404, after.StatusCode);
    }

    [Fact]
    public async Task TestOrigin_Dispose_ClosesIdleConnections()
    {
        var origin = new TestOrigin("a");
        await using var client = await RawHttpClient.ConnectAsync(origin.Port);
        await client.SendAndReadAsync(RawRequest.Get("a"));

        await origin.DisposeAsync();

        Assert.True(await client.IsClosedByPeerAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, origin.ConnectionsClosed);
    }
}
