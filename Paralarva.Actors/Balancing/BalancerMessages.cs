using Paralarva.Actors.Http;

namespace Paralarva.Actors.Balancing;

/// <summary>Messages of the request/lease protocol between RequestActor, BalancerActor and MemberActor.</summary>
internal static class BalancerMessages
{
    /// <summary>
    /// RequestActor → BalancerActor: lease a connection to some member. The balancer forwards it to
    /// the chosen MemberActor, which replies to the original sender with <see cref="ConnectionLeased"/>
    /// or <see cref="LeaseFailed"/> carrying the same correlation id.
    /// </summary>
    public sealed record AcquireConnection(long CorrelationId);

    /// <param name="Reused">True when the connection served an earlier exchange (a keep-alive race is possible).</param>
    public sealed record ConnectionLeased(long CorrelationId, UpstreamLease Lease, bool Reused);

    public sealed record LeaseFailed(long CorrelationId, ProxyError Error, string? MemberName);

    /// <summary>RequestActor → MemberActor: the exchange ended; <paramref name="Reusable"/> when the connection may serve another.</summary>
    public sealed record ReleaseConnection(UpstreamLease Lease, bool Reusable);
}
