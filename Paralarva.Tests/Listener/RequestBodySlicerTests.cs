using Akka.Actor;
using Akka.IO;
using Paralarva.Actors.Config;
using Paralarva.Actors.Http;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Proxy;
using Paralarva.Tests.Http;

namespace Paralarva.Tests.Listener;

public sealed class RequestBodySlicerTests
{
    private static (RequestBodySlicer Slicer, Exchange Exchange) Begin(string head, long maxBodyBytes = 0)
    {
        var request = new RequestHead();
        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(HttpBytes.Of(head), request));
        var exchange = new Exchange();
        var context = new ConnectionContext(new RouteTableHolder(new RouteTable([])), ProxyOptions.Default,
            LimitsConfig.Default with { MaxRequestBodyBytes = maxBodyBytes }, ActorRefs.Nobody);
        var slicer = new RequestBodySlicer(exchange, context);
        slicer.Begin(request);
        return (slicer, exchange);
    }

    [Fact]
    public void Take_ContentLengthThenPipelinedRequest_SlicesBodyAndHandsBackTheRest()
    {
        var (slicer, exchange) = Begin("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n");
        Assert.False(exchange.RequestComplete);

        var body = slicer.Take(ByteString.FromString("hel"), out var rest, out var error);
        Assert.Equal(ProxyError.None, error);
        Assert.Equal("hel", body.ToString());
        Assert.True(rest.IsEmpty);
        Assert.False(exchange.RequestComplete);

        body = slicer.Take(ByteString.FromString("loGET /"), out rest, out error);
        Assert.Equal("lo", body.ToString());
        Assert.Equal("GET /", rest.ToString());
        Assert.True(exchange.RequestComplete);
        Assert.Equal(5, exchange.RequestBodyBytes);
    }

    [Fact]
    public void Begin_NoBody_CompleteAtOnce()
    {
        var (_, exchange) = Begin("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.True(exchange.RequestComplete);
    }

    [Fact]
    public void Take_ChunkedOverTheLimit_BodyTooLargeAndNothingSent()
    {
        var (slicer, _) = Begin("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", maxBodyBytes: 4);

        var body = slicer.Take(ByteString.FromString("5\r\nhello\r\n0\r\n\r\nGET /"), out var rest, out var error);

        Assert.Equal(ProxyError.BodyTooLarge, error);
        Assert.True(body.IsEmpty);
        Assert.True(rest.IsEmpty);
    }

    [Fact]
    public void Take_BrokenChunkedFraming_BadRequest()
    {
        var (slicer, _) = Begin("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");

        slicer.Take(ByteString.FromString("zz\r\n"), out _, out var error);

        Assert.Equal(ProxyError.BadRequest, error);
    }
}
