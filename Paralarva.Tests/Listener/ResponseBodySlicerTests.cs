using Akka.IO;
using Paralarva.Actors.Http;
using Paralarva.Actors.Listener;
using Paralarva.Tests.Http;

namespace Paralarva.Tests.Listener;

public sealed class ResponseBodySlicerTests
{
    private static (ResponseBodySlicer Slicer, Exchange Exchange) Begin(string head, bool removeChunked = false)
    {
        var response = new ResponseHead();
        Assert.Equal(HeadParseStatus.Complete, ResponseHeadParser.Parse(HttpBytes.Of(head), HttpMethodKind.Get, response));
        var exchange = new Exchange { RemoveChunked = removeChunked };
        var slicer = new ResponseBodySlicer(exchange);
        slicer.Begin(response);
        return (slicer, exchange);
    }

    [Fact]
    public void Take_BytesPastTheEnd_RelaysTheBodyAndBreaksTheMember()
    {
        var (slicer, exchange) = Begin("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n");

        var body = slicer.Take(ByteString.FromString("okXX"), out var status);

        Assert.Equal(BodyStatus.Complete, status);
        Assert.Equal("ok", body.ToString());
        Assert.True(exchange.ResponseComplete);
        Assert.True(exchange.MemberBroken);
        Assert.Equal(2, exchange.ResponseBodyBytes);
    }

    [Fact]
    public void Take_ChunkedForHttp10Client_RelaysChunkDataAlone()
    {
        var (slicer, exchange) = Begin("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", removeChunked: true);

        var body = slicer.Take(ByteString.FromString("3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"), out var status);

        Assert.Equal(BodyStatus.Complete, status);
        Assert.Equal("abcde", body.ToString());
        Assert.True(exchange.ResponseComplete);
        Assert.False(exchange.MemberBroken);
    }

    [Fact]
    public void CompleteOnClose_UntilClose_CompletesTheResponse()
    {
        var (slicer, exchange) = Begin("HTTP/1.1 200 OK\r\n\r\n");
        slicer.Take(ByteString.FromString("all of it"), out var status);
        Assert.Equal(BodyStatus.NeedMore, status);

        Assert.True(slicer.CompleteOnClose());
        Assert.True(exchange.ResponseComplete);
    }

    [Fact]
    public void CompleteOnClose_ContentLengthCutShort_False()
    {
        var (slicer, exchange) = Begin("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
        slicer.Take(ByteString.FromString("short"), out _);

        Assert.False(slicer.CompleteOnClose());
        Assert.False(exchange.ResponseComplete);
    }
}
