using Akka.IO;

namespace Paralarva.Actors.Http;

/// <summary>The one mapping of <see cref="ProxyError"/> to status codes and the canned answers the proxy sends itself.</summary>
internal static class ProxyErrors
{
    public static int StatusCode(ProxyError error) => throw new NotImplementedException();

    /// <summary>The complete canned response, e.g. <c>&lt;h1&gt;Error 502: Bad Gateway&lt;/h1&gt;</c>, with <c>Connection: close</c>.</summary>
    public static ByteString Response(ProxyError error) => throw new NotImplementedException();

    /// <summary><c>&lt;h1&gt;200 OK (dry-run)&lt;/h1&gt;</c>, with or without <c>Connection: close</c>.</summary>
    public static ByteString DryRun(bool keepAlive) => throw new NotImplementedException();
}
