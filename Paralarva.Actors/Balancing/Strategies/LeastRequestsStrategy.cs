namespace Paralarva.Actors.Balancing.Strategies;

/// <summary>
/// The member with the fewest in-flight requests per unit of weight. Ties (an idle service) are broken
/// by a rotating starting point, so an idle service is served in turn rather than always by its first member.
/// </summary>
internal sealed class LeastRequestsStrategy : ILoadBalancingStrategy
{
    private uint _start;

    public int Pick(IReadOnlyList<MemberState> members)
    {
        var count = members.Count;
        var offset = (int)(_start++ % (uint)count);
        var best = offset;
        for (var i = 1; i < count; i++)
        {
            var index = (offset + i) % count;
            if (Weights.LessLoaded(members[index], members[best]))
                best = index;
        }

        return best;
    }
}
