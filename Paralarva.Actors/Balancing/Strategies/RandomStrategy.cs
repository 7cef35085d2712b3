namespace Paralarva.Actors.Balancing.Strategies;

/// <summary>A random member, each with a chance proportional to its weight: the original proxy's behaviour.</summary>
internal sealed class RandomStrategy(Random random) : ILoadBalancingStrategy
{
    public int Pick(IReadOnlyList<MemberState> members) =>
        Weights.AllEqual(members) ? random.Next(members.Count) : Weights.RandomIndex(members, random);
}
