using System.Net;

namespace Paralarva.Actors.Proxy;

internal static partial class ProxyMessages
{
    /// <summary>Asked from the host (the edge, where Ask is fine): answered with <see cref="ListenStatus"/> once the listener bound or failed.</summary>
    public sealed class GetListenStatus
    {
        public static readonly GetListenStatus Instance = new();
        private GetListenStatus() { }
    }

    /// <summary>Either the address the proxy accepts clients on, or why it cannot.</summary>
    public sealed record ListenStatus(EndPoint? LocalAddress, string? Error);
}
