using Akka.IO;

namespace Paralarva.Actors.Balancing;

/// <summary>Messages to and from an UpstreamConnection.</summary>
internal static class UpstreamMessages
{
    /// <summary>Lessee → UpstreamConnection, before its first write: route what the member sends to the sender.</summary>
    public sealed class Attach
    {
        public static readonly Attach Instance = new();
        private Attach() { }
    }

    /// <summary>MemberActor → UpstreamConnection: back in the pool; watch for the member closing it.</summary>
    public sealed class Detach
    {
        public static readonly Detach Instance = new();
        private Detach() { }
    }

    /// <summary>UpstreamConnection → lessee: bytes from the member.</summary>
    public sealed record MemberReceived(ByteString Data);

    /// <summary>UpstreamConnection → lessee: the member connection ended; <see cref="Graceful"/> for a clean FIN.</summary>
    public sealed class MemberClosed
    {
        public static readonly MemberClosed GracefulInstance = new(graceful: true, beforeAttach: false);
        public static readonly MemberClosed ErrorInstance = new(graceful: false, beforeAttach: false);

        /// <summary>The connection had closed before the lessee attached: nothing the lessee wrote reached the member.</summary>
        public static readonly MemberClosed BeforeAttachInstance = new(graceful: false, beforeAttach: true);

        private MemberClosed(bool graceful, bool beforeAttach)
        {
            Graceful = graceful;
            BeforeAttach = beforeAttach;
        }

        public bool Graceful { get; }

        public bool BeforeAttach { get; }
    }

    /// <summary>UpstreamConnection → MemberActor: connected and registered.</summary>
    public sealed record Opened(UpstreamLease Lease);

    /// <summary>UpstreamConnection → MemberActor: the connection could not be opened.</summary>
    public sealed record ConnectFailed(Http.ProxyError Error);

    /// <summary>UpstreamConnection → MemberActor: an open connection ended (sender is the connection).</summary>
    public sealed class Lost
    {
        public static readonly Lost Instance = new();
        private Lost() { }
    }

    /// <summary>Ack of a lessee's write to the member socket (the ack goes to the writer).</summary>
    public sealed class MemberWriteAck : Tcp.Event
    {
        public static readonly MemberWriteAck Instance = new();
        private MemberWriteAck() { }
    }
}
