namespace Paralarva.Actors.Http;

/// <summary>
/// Finds where a body ends in a byte stream without copying it: the proxy relays the body bytes
/// verbatim (chunked stays chunked) and this state machine validates the framing as they pass.
/// </summary>
internal sealed class BodyReader
{
    /// <summary>Made for the first chunked body: most connections never see one, and each reader would hold it for life.</summary>
    private ChunkedScanner? _chunked;
    private BodyFraming _framing;
    private long _remaining;
    private long _contentLength;

    /// <summary>True once the body has ended (at once for no body or Content-Length 0).</summary>
    public bool IsComplete => _framing switch
    {
        BodyFraming.None => true,
        BodyFraming.ContentLength => _remaining == 0,
        BodyFraming.Chunked => _chunked!.IsComplete,
        _ => false,
    };

    /// <summary>Body bytes seen so far, framing excluded: what a body size limit counts.</summary>
    public long BodyBytes => _framing switch
    {
        BodyFraming.ContentLength => _contentLength - _remaining,
        BodyFraming.Chunked => _chunked!.DataBytes,
        _ => 0,
    };

    /// <param name="contentLength">Used only with <see cref="BodyFraming.ContentLength"/>; a negative value makes every Advance invalid.</param>
    public void Reset(BodyFraming framing, long contentLength)
    {
        _framing = framing;
        _remaining = framing == BodyFraming.ContentLength ? contentLength : 0;
        _contentLength = _remaining;
        if (framing == BodyFraming.Chunked)
            (_chunked ??= new ChunkedScanner()).Reset();
    }

    /// <summary>
    /// Advances over <paramref name="data"/>. <paramref name="consumed"/> is how many leading bytes belong to
    /// this body (to be relayed); on <see cref="BodyStatus.Complete"/> the rest is the next message.
    /// </summary>
    public BodyStatus Advance(ReadOnlySpan<byte> data, out int consumed)
    {
        switch (_framing)
        {
            case BodyFraming.ContentLength:
                if (_remaining < 0)
                {
                    consumed = 0;
                    return BodyStatus.Invalid;
                }

                consumed = (int)Math.Min(_remaining, data.Length);
                _remaining -= consumed;
                return _remaining == 0 ? BodyStatus.Complete : BodyStatus.NeedMore;
            case BodyFraming.Chunked:
                return _chunked!.Advance(data, out consumed);
            case BodyFraming.UntilClose:
                consumed = data.Length;
                return BodyStatus.NeedMore;
            default:
                consumed = 0;
                return BodyStatus.Complete;
        }
    }

    /// <summary>
    /// Like <see cref="Advance"/>, but without the chunked coding: stops after the first run of chunk-data, which is
    /// the last <paramref name="payload"/> of the <paramref name="consumed"/> bytes (for other framings, all of them).
    /// Call again on the rest of the input until it is used up or the body ends. Trailers are dropped with the framing.
    /// </summary>
    public BodyStatus AdvanceDecoding(ReadOnlySpan<byte> data, out int consumed, out int payload)
    {
        if (_framing == BodyFraming.Chunked)
            return _chunked!.AdvanceToDataEnd(data, out consumed, out payload);
        var status = Advance(data, out consumed);
        payload = consumed;
        return status;
    }

    /// <summary>Call when the peer closed: true when that is a valid end of this body (UntilClose, or already complete).</summary>
    /// <remarks>A close in the middle of a Content-Length or chunked body is a truncated body, never a valid end.</remarks>
    public bool CompleteOnClose() => _framing == BodyFraming.UntilClose || IsComplete;
}
