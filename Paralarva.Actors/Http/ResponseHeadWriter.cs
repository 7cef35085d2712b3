using Akka.IO;

namespace Paralarva.Actors.Http;

/// <summary>Serialises the response head sent to the client: HTTP/1.1 status line, hop-by-hop fields removed.</summary>
internal static class ResponseHeadWriter
{
    /// <param name="closeClient">Adds <c>Connection: close</c>: the proxy closes the client connection after this response.</param>
    /// <param name="http10KeepAlive">Adds <c>Connection: keep-alive</c> for an HTTP/1.0 client that asked for it.</param>
    public static ByteString Write(ResponseHead head, bool closeClient, bool http10KeepAlive) => throw new NotImplementedException();
}
