namespace Paralarva.Actors.Balancing.Strategies;

/// <summary>Picks which member of a service takes the next request. Plain class, no actors: testable alone.</summary>
internal interface ILoadBalancingStrategy
{
    /// <summary>Returns an index into <paramref name="members"/>, which is never empty.</summary>
    int Pick(IReadOnlyList<MemberState> members);

    /// <summary>
    /// The same, for a request carrying an affinity key (<see cref="AffinityHash"/> of its client address or hash
    /// header): only <c>consistent_hash</c> uses the key; the others pick as without it.
    /// </summary>
    int Pick(IReadOnlyList<MemberState> members, ulong key) => Pick(members);

    /// <summary>
    /// The service's member set or a member's weight changed (not its health): <paramref name="all"/> is every member,
    /// available or not. Strategies that precompute from the set (the hash ring) rebuild here, never per request.
    /// </summary>
    void MembersChanged(IReadOnlyList<MemberState> all)
    {
    }
}
