using Akka.IO;

namespace Paralarva.Actors.Http;

/// <summary>Serialises the head forwarded to a member: origin-form target, hop-by-hop fields removed, X-Forwarded-* added.</summary>
internal static class RequestHeadWriter
{
    /// <param name="clientAddress">The client's IP address as ASCII bytes, appended to X-Forwarded-For.</param>
    public static ByteString Write(RequestHead head, ReadOnlySpan<byte> clientAddress) => throw new NotImplementedException();
}
