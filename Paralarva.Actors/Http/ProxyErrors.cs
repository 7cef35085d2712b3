using System.Text;
using Akka.IO;

namespace Paralarva.Actors.Http;

/// <summary>The one mapping of <see cref="ProxyError"/> to status codes and the canned answers the proxy sends itself.</summary>
/// <remarks>
/// Every answer is built once at start-up; none echoes anything of the request, so an error page cannot
/// reflect a client's bytes (the original proxy's pages are kept, reason phrases from RFC 9110 section 15).
/// The Date line is put in when an answer is sent (<see cref="HttpDate.Stamp"/>).
/// </remarks>
internal static class ProxyErrors
{
    private static readonly ByteString BadRequest = Canned(400, "Bad Request", retryAfter: false);
    private static readonly ByteString NotFound = Canned(404, "Not Found", retryAfter: false);
    private static readonly ByteString RequestTimeout = Canned(408, "Request Timeout", retryAfter: false);
    private static readonly ByteString ContentTooLarge = Canned(413, "Content Too Large", retryAfter: false);
    private static readonly ByteString UriTooLong = Canned(414, "URI Too Long", retryAfter: false);
    private static readonly ByteString HeaderFieldsTooLarge = Canned(431, "Request Header Fields Too Large", retryAfter: false);
    private static readonly ByteString BadGateway = Canned(502, "Bad Gateway", retryAfter: false);
    private static readonly ByteString ServiceUnavailable = Canned(503, "Service Unavailable", retryAfter: true);
    private static readonly ByteString InternalError = Canned(500, "Internal Server Error", retryAfter: false);
    private static readonly ByteString GatewayTimeout = Canned(504, "Gateway Timeout", retryAfter: false);
    /// <summary>What the proxy takes, as the last hop of a TRACE or OPTIONS says (RFC 9110 section 10.2.1).</summary>
    private const string AllowedMethods = "Allow: GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH\r\n";
    private static readonly ByteString OptionsKeepAlive = OptionsAnswer(keepAlive: true);
    private static readonly ByteString OptionsClose = OptionsAnswer(keepAlive: false);
    private static readonly ByteString TraceKeepAlive = Canned(405, "Method Not Allowed", retryAfter: false, keepAlive: true, AllowedMethods);
    private static readonly ByteString TraceClose = Canned(405, "Method Not Allowed", retryAfter: false, keepAlive: false, AllowedMethods);
    private static readonly ByteString DryRunKeepAlive = DryRunAnswer(keepAlive: true);
    private static readonly ByteString DryRunClose = DryRunAnswer(keepAlive: false);

    /// <summary>The interim answer the proxy gives a client awaiting 100-continue (RFC 9110 section 15.2.1).</summary>
    public static readonly ByteString Continue = ByteString.FromBytes("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray());

    /// <remarks><see cref="ProxyError.None"/> is not an error; it maps to 500 so a caller's slip is visible, not silent.</remarks>
    public static int StatusCode(ProxyError error) => error switch
    {
        ProxyError.BadRequest or ProxyError.NoRoute => 400,
        ProxyError.NoPathRoute => 404,
        ProxyError.RequestTimeout => 408,
        ProxyError.BodyTooLarge => 413,
        ProxyError.UriTooLong => 414,
        ProxyError.HeadTooLarge => 431,
        ProxyError.MemberRefused or ProxyError.MemberReset or ProxyError.BadResponse => 502,
        ProxyError.NoMemberAvailable or ProxyError.Ejected => 503,
        ProxyError.MemberTimeout => 504,
        _ => 500,
    };

    /// <summary>The complete canned response, e.g. <c>&lt;h1&gt;Error 502: Bad Gateway&lt;/h1&gt;</c>, with <c>Connection: close</c>.</summary>
    public static ByteString Response(ProxyError error) => StatusCode(error) switch
    {
        400 => BadRequest,
        404 => NotFound,
        408 => RequestTimeout,
        413 => ContentTooLarge,
        414 => UriTooLong,
        431 => HeaderFieldsTooLarge,
        502 => BadGateway,
        503 => ServiceUnavailable,
        504 => GatewayTimeout,
        _ => InternalError,
    };

    /// <summary>The 404 for a path no service of the Host takes, without <c>Connection: close</c>: nginx keeps the connection.</summary>
    public static readonly ByteString NotFoundKeepAlive = Canned(404, "Not Found", retryAfter: false, keepAlive: true);

    private static readonly ByteString BadGatewayKeepAlive = Canned(502, "Bad Gateway", retryAfter: false, keepAlive: true);
    private static readonly ByteString ServiceUnavailableKeepAlive = Canned(503, "Service Unavailable", retryAfter: true, keepAlive: true);
    private static readonly ByteString GatewayTimeoutKeepAlive = Canned(504, "Gateway Timeout", retryAfter: false, keepAlive: true);

    /// <summary>
    /// The member side's failure as a page without <c>Connection: close</c>, for a client whose request was read whole
    /// (nginx and HAProxy keep such a connection too); null when <paramref name="error"/> is the client's own doing.
    /// </summary>
    public static ByteString? GatewayErrorKeepAlive(ProxyError error) => error switch
    {
        ProxyError.MemberRefused or ProxyError.MemberReset or ProxyError.BadResponse => BadGatewayKeepAlive,
        ProxyError.NoMemberAvailable or ProxyError.Ejected => ServiceUnavailableKeepAlive,
        ProxyError.MemberTimeout => GatewayTimeoutKeepAlive,
        _ => null,
    };

    /// <summary>
    /// The answer to a HEAD request: the same head, Content-Length included (RFC 9110 §9.3.2), without the page, so
    /// that a kept connection's next response is not preceded by it. Rare enough to find the head by scanning.
    /// </summary>
    public static ByteString WithoutBody(ByteString answer)
    {
        for (var i = 3; i < answer.Count; i++)
        {
            if (answer[i] == (byte)'\n' && answer[i - 1] == (byte)'\r' && answer[i - 2] == (byte)'\n' && answer[i - 3] == (byte)'\r')
                return answer.Slice(0, i + 1);
        }

        return answer;
    }

    /// <summary>The last hop's answer to a TRACE or OPTIONS (<c>Max-Forwards: 0</c>): 200 to OPTIONS, 405 to TRACE, both with <c>Allow</c>.</summary>
    public static ByteString LastHop(bool options, bool keepAlive) => (options, keepAlive) switch
    {
        (true, true) => OptionsKeepAlive,
        (true, false) => OptionsClose,
        (false, true) => TraceKeepAlive,
        _ => TraceClose,
    };

    /// <summary><c>&lt;h1&gt;200 OK (dry-run)&lt;/h1&gt;</c>, with or without <c>Connection: close</c>.</summary>
    public static ByteString DryRun(bool keepAlive) => keepAlive ? DryRunKeepAlive : DryRunClose;

    /// <summary>503 carries <c>Retry-After: 1</c> (RFC 9110 section 10.2.3): the balancer's view changes quickly.</summary>
    /// <param name="fields">Field lines added to the head, each ending in CRLF.</param>
    private static ByteString Canned(int status, string reason, bool retryAfter, bool keepAlive = false, string fields = "")
    {
        var body = "<h1>Error " + status + ": " + reason + "</h1>";
        var head = "HTTP/1.1 " + status + " " + reason + "\r\n" + (keepAlive ? string.Empty : "Connection: close\r\n")
            + (retryAfter ? "Retry-After: 1\r\n" : string.Empty) + fields
            + "Content-Type: text/html\r\nContent-Length: " + body.Length + "\r\n\r\n";
        return ByteString.FromBytes(Encoding.ASCII.GetBytes(head + body));
    }

    private static ByteString OptionsAnswer(bool keepAlive) => ByteString.FromBytes(Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\n" + (keepAlive ? string.Empty : "Connection: close\r\n") + AllowedMethods + "Content-Length: 0\r\n\r\n"));

    private static ByteString DryRunAnswer(bool keepAlive)
    {
        const string body = "<h1>200 OK (dry-run)</h1>";
        var head = "HTTP/1.1 200 OK\r\n" + (keepAlive ? string.Empty : "Connection: close\r\n")
            + "Content-Type: text/html\r\nContent-Length: " + body.Length + "\r\n\r\n";
        return ByteString.FromBytes(Encoding.ASCII.GetBytes(head + body));
    }
}
