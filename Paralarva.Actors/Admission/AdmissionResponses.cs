using System.Text;
using Akka.IO;

namespace Paralarva.Actors.Admission;

/// <summary>
/// The proxy's own answers to refused requests, in the style of <see cref="Http.ProxyErrors"/> (a small HTML page,
/// nothing of the request echoed): 403 for the access lists, 429 with <c>Retry-After</c> for the limits. Unlike the
/// error answers they may keep the connection alive. Built once: the 429s per Retry-After value on first use.
/// </summary>
internal static class AdmissionResponses
{
    private const int CachedRetryAfter = 128;

    private static readonly ByteString ForbiddenKeepAlive = Build(403, "Forbidden", 0, keepAlive: true);
    private static readonly ByteString ForbiddenClose = Build(403, "Forbidden", 0, keepAlive: false);
    private static readonly ByteString?[] TooManyKeepAlive = new ByteString?[CachedRetryAfter + 1];
    private static readonly ByteString?[] TooManyClose = new ByteString?[CachedRetryAfter + 1];

    public static ByteString Forbidden(bool keepAlive) => keepAlive ? ForbiddenKeepAlive : ForbiddenClose;

    public static ByteString TooManyRequests(int retryAfterSeconds, bool keepAlive)
    {
        var seconds = Math.Max(1, retryAfterSeconds);
        if (seconds > CachedRetryAfter)
            return Build(429, "Too Many Requests", seconds, keepAlive);
        var cache = keepAlive ? TooManyKeepAlive : TooManyClose;
        var cached = Volatile.Read(ref cache[seconds]);
        if (cached is not null)
            return cached;
        // A race builds the same bytes twice; either copy is right.
        cached = Build(429, "Too Many Requests", seconds, keepAlive);
        Volatile.Write(ref cache[seconds], cached);
        return cached;
    }

    private static ByteString Build(int status, string reason, int retryAfter, bool keepAlive)
    {
        var body = "<h1>Error " + status + ": " + reason + "</h1>";
        var head = "HTTP/1.1 " + status + " " + reason + "\r\n"
            + (keepAlive ? string.Empty : "Connection: close\r\n")
            + (retryAfter > 0 ? "Retry-After: " + retryAfter + "\r\n" : string.Empty)
            + "Content-Type: text/html\r\nContent-Length: " + body.Length + "\r\n\r\n";
        return ByteString.FromBytes(Encoding.ASCII.GetBytes(head + body));
    }
}
