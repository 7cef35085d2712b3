using Paralarva.Actors.Balancing.Strategies;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Session affinity on the request side: what the route's <see cref="AffinityPolicy"/> reads from the request head for
/// the lease request (its <c>consistent_hash</c> key and the member its affinity cookie names), kept in the exchange so
/// that retries send the same; and the Set-Cookie for the member that answered.
/// </summary>
internal sealed partial class RequestActor
{
    /// <summary>The hash of the client address: the same for every request of the connection, so computed once (0: not yet).</summary>
    private ulong _clientHashKey;

    private void ReadAffinity()
    {
        var policy = _exchange.Route!.Affinity;
        if (policy is null)
            return;
        if (_clientHashKey == 0)
            _clientHashKey = AffinityHash.Of(_clientAddress) | 1;
        _exchange.HashKey = policy.HashKey(_request, _clientHashKey);
        _exchange.AffinityPin = policy.Pin(_request);
    }

    /// <summary>The Set-Cookie for the final response: none unless the service has cookie affinity and the request was not already pinned to this member.</summary>
    private AffinityCookie AffinityCookieForResponse() =>
        _exchange.Route?.Affinity?.SetCookie(_exchange.MemberAffinityId, _exchange.AffinityPin) ?? default;
}
