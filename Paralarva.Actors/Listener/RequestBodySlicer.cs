using Akka.IO;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Finds the request body in the client's bytes as they arrive and holds it to limits.max_request_body_bytes: the
/// body goes to the member as slices of those bytes, never copied, and what follows it (a pipelined request) is
/// handed back. One per client connection, begun again for each request; it counts the body bytes and marks the
/// request complete in the <see cref="Exchange"/>.
/// </summary>
internal sealed class RequestBodySlicer(Exchange exchange, ConnectionContext context)
{
    private readonly BodyReader _reader = new();

    /// <summary>Starts on the body of a request about to be forwarded; one without a body is complete at once.</summary>
    public void Begin(RequestHead request)
    {
        _reader.Reset(request.Framing, request.ContentLength);
        exchange.RequestComplete = request.Framing == BodyFraming.None
            || (request.Framing == BodyFraming.ContentLength && request.ContentLength == 0);
    }

    /// <summary>
    /// The part of <paramref name="data"/> that belongs to the request body; <paramref name="rest"/> is what follows it.
    /// <paramref name="error"/> is BadRequest for broken chunked framing and BodyTooLarge when a chunked body crosses
    /// limits.max_request_body_bytes (a Content-Length over it never gets here): nothing of this piece is sent then,
    /// and the rest is dropped.
    /// </summary>
    public ByteString Take(ByteString data, out ByteString rest, out ProxyError error)
    {
        var status = _reader.Advance(data.ToReadOnlySpan(), out var consumed);
        exchange.RequestBodyBytes += consumed;
        var maxBody = context.Limits.MaxRequestBodyBytes;
        error = status == BodyStatus.Invalid ? ProxyError.BadRequest
            : maxBody > 0 && _reader.BodyBytes > maxBody ? ProxyError.BodyTooLarge
            : ProxyError.None;
        rest = ByteString.Empty;
        if (error != ProxyError.None)
            return ByteString.Empty;

        if (status != BodyStatus.Complete)
            return data;
        exchange.RequestComplete = true;
        rest = data.Slice(consumed);
        return data.Slice(0, consumed);
    }
}
