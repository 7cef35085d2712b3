using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// What one exchange works with, wired together once: the two heads, the <see cref="Listener.Exchange"/> with its retry
/// state, the body slicers and the response head relay. A client connection takes a set from
/// <see cref="ExchangePartsPool"/> at a request's first byte and gives it back when it waits for its next request, so
/// an idle keep-alive connection holds none of it (about 770 bytes per connection, bench/README.md, 2026-12-07
/// evening). Every part is reset for each request already, so a set moves between connections as it is.
/// </summary>
internal sealed class ExchangeParts
{
    public ExchangeParts(ConnectionContext context)
    {
        Context = context;
        Request.MaxHeaderCount = context.Limits.MaxHeaderCount;
        RequestBody = new RequestBodySlicer(Exchange, context);
        ResponseHead = new ResponseHeadRelay(Request, Response, Exchange, context);
        ResponseBody = new ResponseBodySlicer(Exchange);
    }

    /// <summary>The settings the parts were made with: a set serves only connections with the same.</summary>
    public ConnectionContext Context { get; }

    public RequestHead Request { get; } = new();

    public ResponseHead Response { get; } = new();

    public Exchange Exchange { get; } = new();

    public RequestBodySlicer RequestBody { get; }

    public ResponseHeadRelay ResponseHead { get; }

    public ResponseBodySlicer ResponseBody { get; }
}
