namespace Paralarva.Actors.Balancing.Strategies;

/// <summary>
/// <c>consistent_hash</c>: the request's key (client address or a header, hashed by the RequestActor) picks its member on
/// a <see cref="HashRing"/>, so the same key keeps its member while that member is available, and a member leaving or
/// joining moves only its own share of keys. The ring is rebuilt when the member set changes, never per request.
/// </summary>
internal sealed class ConsistentHashStrategy : ILoadBalancingStrategy
{
    private HashRing _ring = HashRing.Empty;

    public HashRing Ring => _ring;

    /// <summary>Without a key (a request routed before a reload turned this strategy on), every request hashes as key 0.</summary>
    public int Pick(IReadOnlyList<MemberState> members) => Pick(members, 0);

    public int Pick(IReadOnlyList<MemberState> members, ulong key)
    {
        var index = _ring.Find(key, members);
        // A member the ring does not know yet cannot happen while MembersChanged follows every set change; stay total anyway.
        return index >= 0 ? index : (int)(key % (ulong)members.Count);
    }

    public void MembersChanged(IReadOnlyList<MemberState> all) => _ring = HashRing.Build(all);
}
