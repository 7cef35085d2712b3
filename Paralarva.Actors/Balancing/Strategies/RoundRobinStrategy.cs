namespace Paralarva.Actors.Balancing.Strategies;

/// <summary>Members in turn. Owned by one BalancerActor, so the counter needs no synchronisation.</summary>
internal sealed class RoundRobinStrategy : ILoadBalancingStrategy
{
    private uint _next;

    public int Pick(IReadOnlyList<MemberState> members) => (int)(_next++ % (uint)members.Count);
}
