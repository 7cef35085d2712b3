namespace Paralarva.Actors.Balancing.Strategies;

/// <summary>
/// Two distinct members drawn at random (by weight), the less loaded of them taken: nearly as good as
/// least requests, without scanning every member or herding onto the one that just became least
/// loaded (Mitzenmacher's "power of two choices"; YARP's and Envoy's default, HAProxy's <c>random(2)</c>).
/// </summary>
internal sealed class PowerOfTwoChoicesStrategy(Random random) : ILoadBalancingStrategy
{
    public int Pick(IReadOnlyList<MemberState> members)
    {
        if (members.Count == 1)
            return 0;

        int first, second;
        if (Weights.AllEqual(members))
        {
            first = random.Next(members.Count);
            second = random.Next(members.Count - 1);
            if (second >= first)
                second++;
        }
        else
        {
            first = Weights.RandomIndex(members, random);
            second = Weights.RandomIndex(members, random, skip: first);
        }

        return Weights.LessLoaded(members[second], members[first]) ? second : first;
    }
}
