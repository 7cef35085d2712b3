using System.Collections.Immutable;
using Akka.Actor;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Balancing;

/// <summary>Messages of the request/lease protocol between RequestActor, BalancerActor and MemberActor.</summary>
internal static class BalancerMessages
{
    /// <summary>
    /// RequestActor → BalancerActor: lease a connection to some member. The balancer answers with an idle
    /// connection of the chosen member (<see cref="ConnectionLeased"/>), or forwards the request to that
    /// MemberActor, which opens one (leased through the balancer) or answers <see cref="LeaseFailed"/>,
    /// always with the same correlation id.
    /// </summary>
    public sealed record AcquireConnection(long CorrelationId)
    {
        /// <summary>
        /// MemberActors that already failed this request (a retry never goes back to them). Empty on a
        /// first attempt: the empty array is a shared instance, so the common path allocates nothing more.
        /// </summary>
        public ImmutableArray<IActorRef> Excluded { get; init; } = ImmutableArray<IActorRef>.Empty;

        /// <summary><c>consistent_hash</c>: the hash of the request's client address or hash header; 0 for other strategies.</summary>
        public ulong HashKey { get; init; }

        /// <summary>Cookie affinity: the member id the request's affinity cookie names (<see cref="MemberState.AffinityId"/>), or 0.</summary>
        public ulong Pin { get; init; }
    }

    /// <param name="Reused">True when the connection served an earlier exchange (a keep-alive race is possible).</param>
    public sealed record ConnectionLeased(long CorrelationId, MemberConnection Connection, bool Reused)
    {
        /// <summary>The leased member's affinity id: what an affinity cookie set on this response names.</summary>
        public ulong AffinityId { get; init; }
    }

    /// <summary>Sent by the MemberActor that failed (a retry excludes the sender), or by the balancer when no member may be tried.</summary>
    public sealed record LeaseFailed(long CorrelationId, ProxyError Error, string? MemberName);

    /// <summary>
    /// Lessee → BalancerActor, built only by <see cref="MemberConnection.Release"/>: the exchange ended;
    /// <paramref name="Reusable"/> when the connection went back to being watched and may serve another (otherwise
    /// it is closed already). <see cref="Outcome"/> feeds passive health on the same message, not one of its own.
    /// </summary>
    public sealed record ReleaseConnection(MemberConnection Connection, bool Reusable)
    {
        public ExchangeOutcome Outcome { get; init; }
    }
}
