using Akka.IO;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Finds the response body in the member's bytes as they arrive: which part of each piece the client gets, and where
/// the response ends. The body is relayed as slices of the pieces, never copied: verbatim, or for an HTTP/1.0 client
/// its chunk-data alone (<see cref="Exchange.RemoveChunked"/>). One per client connection, begun again for each
/// response; it counts the body bytes and marks the end (and stray bytes after it) in the <see cref="Exchange"/>.
/// </summary>
internal sealed class ResponseBodySlicer(Exchange exchange)
{
    private readonly BodyReader _reader = new();

    /// <summary>Starts on the body of a final response head just parsed.</summary>
    public void Begin(ResponseHead response) => _reader.Reset(response.Framing, response.ContentLength);

    /// <summary>
    /// The part of <paramref name="data"/> to relay; empty when <paramref name="status"/> is
    /// <see cref="BodyStatus.Invalid"/> (broken framing: nothing of this piece may go out).
    /// </summary>
    public ByteString Take(ByteString data, out BodyStatus status)
    {
        if (exchange.RemoveChunked)
            return TakeChunkData(data, out status);

        status = _reader.Advance(data.ToReadOnlySpan(), out var consumed);
        exchange.ResponseBodyBytes += consumed;
        if (status != BodyStatus.Complete)
            return status == BodyStatus.Invalid ? ByteString.Empty : data;

        OnEnd(consumed, data.Count);
        return consumed == data.Count ? data : data.Slice(0, consumed);
    }

    /// <summary>
    /// The member closed its connection: true, and the response complete, when that ends the body (one read until the
    /// close, or already complete); a body cut short by the close is a broken response.
    /// </summary>
    public bool CompleteOnClose()
    {
        if (!_reader.CompleteOnClose())
            return false;
        exchange.ResponseComplete = true;
        return true;
    }

    /// <summary>The chunk-data in <paramref name="data"/>, sliced out of its framing without copying.</summary>
    private ByteString TakeChunkData(ByteString data, out BodyStatus status)
    {
        var span = data.ToReadOnlySpan();
        var payload = ByteString.Empty;
        var offset = 0;
        do
        {
            status = _reader.AdvanceDecoding(span[offset..], out var consumed, out var length);
            if (length > 0)
                payload = payload.Concat(data.Slice(offset + consumed - length, length));
            offset += consumed;
        }
        while (status == BodyStatus.NeedMore && offset < span.Length);

        exchange.ResponseBodyBytes += offset;
        if (status == BodyStatus.Complete)
            OnEnd(offset, data.Count);
        return status == BodyStatus.Invalid ? ByteString.Empty : payload;
    }

    private void OnEnd(int consumed, int received)
    {
        exchange.ResponseComplete = true;
        // Bytes past the end of a response answer no request: the connection cannot be trusted again.
        if (consumed < received)
            exchange.MemberBroken = true;
    }
}
