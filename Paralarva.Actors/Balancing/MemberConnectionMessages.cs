using Akka.IO;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// What a <see cref="MemberConnection"/>'s socket completions post, and the messages that move a connection
/// between its MemberActor (connecting, limits), its BalancerActor (idle pool, leases) and a lessee.
/// Completions name their connection: a lessee ignores those of a connection it no longer holds.
/// </summary>
internal static class MemberConnectionMessages
{
    /// <summary>Connection → lessee: a piece of the member's bytes, in a pooled buffer the lessee owns until its next read or its release.</summary>
    public sealed record MemberReceived(MemberConnection Connection, ByteString Data);

    /// <summary>Connection → lessee: a write that did not complete at once has now been taken by the kernel.</summary>
    public sealed record MemberWriteAck(MemberConnection Connection);

    /// <summary>Connection → lessee: the connection ended; <see cref="Graceful"/> for a clean FIN.</summary>
    /// <param name="BeforeWrite">
    /// The member had closed it (or sent unasked-for bytes) while it was idle, before this lease wrote anything:
    /// nothing of the request reached the member.
    /// </param>
    public sealed record MemberClosed(MemberConnection Connection, bool Graceful, bool BeforeWrite);

    /// <summary>Connect task → MemberActor: the connection is open, not leased, and watched.</summary>
    public sealed record Opened(MemberConnection Connection);

    /// <summary>Connect task → MemberActor: no connection (refused, or not within timeouts.connect).</summary>
    public sealed record ConnectFailed(ProxyError Error);

    /// <summary>Connection → MemberActor, once, whoever closed it: one open connection less.</summary>
    public sealed record Closed(MemberConnection Connection);

    /// <summary>Connection → BalancerActor: an idle pooled connection was closed by the member (or sent bytes nobody asked for).</summary>
    public sealed record IdleLost(MemberConnection Connection);

    /// <summary>
    /// MemberActor → BalancerActor: an open connection to lease to <paramref name="Requester"/> (a waiter), or to
    /// keep idle when there is none.
    /// </summary>
    public sealed record Ready(MemberConnection Connection, Akka.Actor.IActorRef? Requester, long CorrelationId, bool Reused);

    /// <summary>
    /// MemberActor → BalancerActor: a request is queued at the connection limit. A release that reached the balancer
    /// before the request reached the member left its connection idle: the balancer hands an idle one over.
    /// </summary>
    public sealed class WaiterQueued
    {
        public static readonly WaiterQueued Instance = new();
        private WaiterQueued() { }
    }

    /// <summary>BalancerActor → MemberActor: a released or idle connection for the member's first waiter.</summary>
    public sealed record ServeWaiter(MemberConnection Connection);

    /// <summary>
    /// BalancerActor → MemberActor: exchange outcomes for passive health. Only failures and the first success after
    /// one are told: a success in a row of successes changes nothing.
    /// </summary>
    public sealed record OutcomeObserved(ExchangeOutcome Outcome);
}
