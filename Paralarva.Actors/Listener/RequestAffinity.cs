using Paralarva.Actors.Balancing.Strategies;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Session affinity on the request side, for one client connection: what the route's <see cref="AffinityPolicy"/> reads
/// from a request head for the lease request (its <c>consistent_hash</c> key and the member its affinity cookie names),
/// kept in the <see cref="Exchange"/> so that retries send the same. The hash of the client address, the key of a
/// request that names none, is the same for every request of the connection: computed once, when first needed.
/// </summary>
internal sealed class RequestAffinity(byte[] clientAddress)
{
    /// <summary>The hash of the client address (0: not yet).</summary>
    private ulong _clientHashKey;

    /// <summary>Reads the routed request's affinity into its exchange; nothing when the route has none.</summary>
    public void Read(RequestHead request, Exchange exchange)
    {
        var policy = exchange.Route!.Affinity;
        if (policy is null)
            return;
        if (_clientHashKey == 0)
            _clientHashKey = AffinityHash.Of(clientAddress) | 1;
        exchange.HashKey = policy.HashKey(request, _clientHashKey);
        exchange.AffinityPin = policy.Pin(request);
    }
}
