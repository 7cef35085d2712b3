namespace Paralarva.Actors.Balancing.Strategies;

/// <summary>
/// Members in turn. With unequal weights, nginx's smooth weighted round robin: weights 5, 1, 1 give
/// a a b a c a a rather than a a a a a b c. Owned by one BalancerActor, so no synchronisation.
/// </summary>
internal sealed class RoundRobinStrategy : ILoadBalancingStrategy
{
    private uint _next;

    public int Pick(IReadOnlyList<MemberState> members)
    {
        if (Weights.AllEqual(members))
            return (int)(_next++ % (uint)members.Count);

        long total = 0;
        var best = 0;
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            member.CurrentWeight += member.Weight;
            total += member.Weight;
            if (member.CurrentWeight > members[best].CurrentWeight)
                best = i;
        }

        members[best].CurrentWeight -= total;
        return best;
    }
}
