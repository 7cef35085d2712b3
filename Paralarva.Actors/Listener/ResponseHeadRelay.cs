using Akka.IO;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// The member's response head on its way to the client: collected from the member's bytes, parsed into the actor's
/// <see cref="ResponseHead"/> and judged (<see cref="Parsed"/>), then written again for the client with the rules of
/// this connection (keep-alive or close, HTTP/1.0 clients, Via, the route's response headers, the affinity cookie).
/// The actor writes what it returns and acts on the verdict. One per client connection, made in its constructor.
/// </summary>
internal sealed class ResponseHeadRelay(RequestHead request, ResponseHead response, Exchange exchange, ConnectionContext context)
{
    /// <summary>Members send heads of any size; beyond this the proxy answers 502, as nginx does for a too big header.</summary>
    private const int MaxResponseHeadBytes = 64 * 1024;

    /// <summary>What the bytes read so far hold.</summary>
    public enum Parsed : byte
    {
        /// <summary>Not a whole head yet: read more from the member.</summary>
        Incomplete,
        /// <summary>A 1xx other than 101: relay it if <see cref="InterimForClient"/> says so, then read the next head.</summary>
        Interim,
        /// <summary>The response's head: its body follows.</summary>
        Final,
        /// <summary>A 101 accepting the Upgrade the request offered: the connection becomes a tunnel.</summary>
        Upgrade,
        /// <summary>Malformed, too large, or a 101 nobody asked for (the member would talk another protocol): 502.</summary>
        Invalid,
    }

    private HeadBuffer? _buffer;

    /// <summary>Adds <paramref name="data"/>; once a head is whole, <paramref name="rest"/> holds the bytes after it.</summary>
    public Parsed Read(ByteString data, out ByteString rest)
    {
        _buffer ??= new HeadBuffer(MaxResponseHeadBytes);
        var status = _buffer.Add(data, out var head, out rest);
        if (status == HeadParseStatus.Incomplete)
            return Parsed.Incomplete;

        var parsed = status == HeadParseStatus.Complete
            ? ResponseHeadParser.Parse(head, request.Method, response)
            : HeadParseStatus.TooLarge;
        _buffer.Release();
        if (parsed == HeadParseStatus.Complete && response.StatusCode == 101 && exchange.UpgradeRequested
            && UpgradeRequest.AcceptedBy(request, response, exchange.Route!.UpgradeProtocols))
            return Parsed.Upgrade;
        if (parsed != HeadParseStatus.Complete || response.StatusCode == 101)
            return Parsed.Invalid;
        return response.IsInterim ? Parsed.Interim : Parsed.Final;
    }

    /// <summary>The interim head to relay, or empty when the client does not get it.</summary>
    public ByteString InterimForClient() =>
        // RFC 9110 section 15.2: no 1xx to an HTTP/1.0 client; and one 100 (Continue) is enough (section 10.1.1).
        request.IsHttp11 && !(exchange.ContinueSent && response.StatusCode == 100)
            ? ResponseHeadWriter.Write(response, closeClient: false, http10KeepAlive: false, via: context.Via)
            : ByteString.Empty;

    /// <summary>
    /// Settles in the <see cref="Exchange"/> what the final head decides: its status, whether the chunked coding is
    /// removed, and whether the connection closes after this response. Called before the body is sliced, which
    /// depends on the second.
    /// </summary>
    public void SettleFinal(bool draining)
    {
        exchange.Status = response.StatusCode;
        // RFC 9112 section 6.1: an HTTP/1.0 client gets no transfer coding, so the end of its body is the close.
        exchange.RemoveChunked = !request.IsHttp11 && response.Framing == BodyFraming.Chunked;
        // A response that overtakes the request body keeps the connection: the rest of the body is read and dropped
        // after it (RequestActor.DiscardingBody).
        exchange.CloseAfterResponse = draining || !request.KeepAlive || response.Framing == BodyFraming.UntilClose
            || exchange.RemoveChunked;
    }

    /// <summary>The final head as the client gets it (after <see cref="SettleFinal"/>), followed by a copy of <paramref name="body"/> if given.</summary>
    public ByteString FinalForClient(ByteString? body = null) =>
        ResponseHeadWriter.Write(response, exchange.CloseAfterResponse, http10KeepAlive: !request.IsHttp11 && !exchange.CloseAfterResponse,
            exchange.RemoveChunked, context.Via,
            // Session affinity: a Set-Cookie for the member that answered, unless the request was already pinned to it.
            exchange.Route?.Affinity?.SetCookie(exchange.MemberAffinityId, exchange.AffinityPin) ?? default, exchange.Route?.ResponseHeaders, body);

    /// <summary>Forgets any partial head and gives its pooled buffer back.</summary>
    public void Release() => _buffer?.Release();
}
