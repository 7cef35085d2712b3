using static Paralarva.Actors.Balancing.BalancerMessages;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// Cookie affinity: a lease request that carries a member's <see cref="MemberState.AffinityId"/> (from the client's
/// affinity cookie) goes to that member while it is available and not retired, ahead of the strategy; a retry that
/// excluded it, or an unknown or stale id, is picked by the strategy as any request. The lookup is rebuilt with the
/// available list (on a status or member-set change), not per request.
/// </summary>
internal sealed partial class BalancerActor
{
    private readonly Dictionary<ulong, MemberState> _availableByAffinityId = [];

    private void RebuildAffinityLookup()
    {
        _availableByAffinityId.Clear();
        foreach (var member in _available)
            _availableByAffinityId[member.AffinityId] = member;
    }

    /// <summary>The available member the request's cookie names, or null.</summary>
    private MemberState? PinnedMember(AcquireConnection acquire)
    {
        if (acquire.Pin == 0 || !_availableByAffinityId.TryGetValue(acquire.Pin, out var member))
            return null;
        return acquire.Excluded.IsEmpty || !acquire.Excluded.Contains(member.Actor, ActorRefComparer.Instance) ? member : null;
    }
}
