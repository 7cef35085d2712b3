using System.Net;
using Akka.IO;

namespace Paralarva.Actors.Listener;

internal static class ListenerMessages
{
    /// <summary>ListenerActor → parent: accepting connections on <paramref name="LocalAddress"/>.</summary>
    public sealed record Bound(EndPoint LocalAddress);

    /// <summary>ListenerActor → parent: could not bind; the proxy cannot serve.</summary>
    public sealed record BindFailed(EndPoint Requested, string Reason);

    /// <summary>Ack of RequestActor writes to its client socket.</summary>
    public sealed class ClientWriteAck : Tcp.Event
    {
        public static readonly ClientWriteAck Instance = new();
        private ClientWriteAck() { }
    }

    /// <summary>
    /// ProxyActor → ListenerActor, on a reload: connections accepted from now on get this context
    /// (limits); open ones keep theirs. Routing needs no message: the route table is shared and swapped.
    /// </summary>
    public sealed record UpdateContext(ConnectionContext Context);
}
