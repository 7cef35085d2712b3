namespace Paralarva.Actors.Balancing.Strategies;

/// <summary>Uniformly random member: the original proxy's behaviour.</summary>
internal sealed class RandomStrategy(Random random) : ILoadBalancingStrategy
{
    public int Pick(IReadOnlyList<MemberState> members) => random.Next(members.Count);
}
