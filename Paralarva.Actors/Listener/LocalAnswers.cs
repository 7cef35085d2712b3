using Akka.IO;
using Paralarva.Actors.Admission;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// The proxy's own answers to well-formed requests it will not forward (403 and 429 of the admission policy, 404 for a
/// path no service takes, the 200 of <c>--dry-run</c>, the answer to a TRACE or OPTIONS with no hop left) and their keep-alive rule. As nginx does after its own 403/404/429, the connection stays open
/// for the next request when this one had no body or its whole body had already arrived; otherwise it closes after the
/// answer rather than read a body nobody wants. A malformed request never comes here: it is answered and closed.
/// The answers are canned; a HEAD gets their heads alone.
/// </summary>
internal static class LocalAnswers
{
    /// <summary>
    /// True when the connection can go on after a local answer to <paramref name="request"/>; the request's body is
    /// then dropped from <paramref name="input"/>, which starts at the next request.
    /// </summary>
    public static bool KeepAlive(RequestHead request, bool draining, ref ByteString input) =>
        // An HTTP/1.0 client gets a close: the canned answers carry no Connection: keep-alive.
        !draining && request.KeepAlive && request.IsHttp11 && SkipReceivedBody(request, ref input);

    /// <summary>The admission policy refused the request: 403 when denied, else 429 with Retry-After.</summary>
    public static ByteString Refusal(AdmissionVerdict verdict, int retryAfterSeconds, bool keepAlive, out int status)
    {
        status = verdict == AdmissionVerdict.Denied ? 403 : 429;
        return verdict == AdmissionVerdict.Denied
            ? AdmissionResponses.Forbidden(keepAlive)
            : AdmissionResponses.TooManyRequests(retryAfterSeconds, keepAlive);
    }

    /// <summary>The 404 for a path no service of the Host takes.</summary>
    public static ByteString NotFound(bool keepAlive) =>
        keepAlive ? ProxyErrors.NotFoundKeepAlive : ProxyErrors.Response(ProxyError.NoPathRoute);

    /// <summary>
    /// A TRACE or OPTIONS whose Max-Forwards is 0 (RFC 9110 section 7.6.2: not forwarded, answered by the proxy as its
    /// final recipient): OPTIONS gets 200 with the methods the proxy takes in <c>Allow</c>; TRACE gets 405, as nginx
    /// answers every TRACE, since reflecting the request back would hand a page the client's cookies (RFC 9110
    /// section 9.3.8 lets the final recipient leave them out; the proxy does not reflect at all).
    /// </summary>
    public static ByteString LastHop(HttpMethodKind method, bool keepAlive, out int status)
    {
        status = method == HttpMethodKind.Options ? 200 : 405;
        return ProxyErrors.LastHop(options: status == 200, keepAlive);
    }

    /// <summary>What goes out for <paramref name="answer"/>: its head alone to a HEAD request.</summary>
    public static ByteString For(RequestHead request, ByteString answer) =>
        request.Method == HttpMethodKind.Head ? ProxyErrors.WithoutBody(answer) : answer;

    /// <summary>
    /// Drops the answered request's body when all of it is already here, so the next request can be read; false when
    /// some is still to come (or chunked): the connection then closes after the answer rather than read it.
    /// </summary>
    private static bool SkipReceivedBody(RequestHead request, ref ByteString input)
    {
        switch (request.Framing)
        {
            case BodyFraming.None:
                return true;
            case BodyFraming.ContentLength when request.ContentLength <= input.Count:
                input = input.Slice((int)request.ContentLength);
                return true;
            default:
                return false;
        }
    }
}
