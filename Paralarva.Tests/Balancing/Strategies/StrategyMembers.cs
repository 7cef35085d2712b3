using Akka.Actor;
using Paralarva.Actors.Balancing;

namespace Paralarva.Tests.Balancing.Strategies;

/// <summary>Member lists for strategy tests: no actors, loads set by hand.</summary>
internal static class StrategyMembers
{
    public static List<MemberState> Weighted(params int[] weights)
    {
        var members = new List<MemberState>(weights.Length);
        for (var i = 0; i < weights.Length; i++)
            members.Add(new MemberState(ActorRefs.Nobody, "127.0.0.1:" + (9000 + i), weights[i]));
        return members;
    }

    /// <summary>Gives <paramref name="member"/> <paramref name="inFlight"/> requests in flight, as the balancer's forwarding would.</summary>
    public static void Load(MemberState member, int inFlight)
    {
        for (var i = 0; i < inFlight; i++)
            member.Load.Forwarded();
    }

    /// <summary>
    /// Picks <paramref name="count"/> times while every pick stays in flight (nothing completes): the steady state
    /// of a load-aware strategy under sustained concurrency. Returns the picks per member.
    /// </summary>
    public static int[] PickAndHold(Paralarva.Actors.Balancing.Strategies.ILoadBalancingStrategy strategy, List<MemberState> members, int count)
    {
        var counts = new int[members.Count];
        for (var i = 0; i < count; i++)
        {
            var index = strategy.Pick(members);
            counts[index]++;
            members[index].Load.Forwarded();
        }

        return counts;
    }

    public static int[] Picks(Paralarva.Actors.Balancing.Strategies.ILoadBalancingStrategy strategy, List<MemberState> members, int count)
    {
        var counts = new int[members.Count];
        for (var i = 0; i < count; i++)
            counts[strategy.Pick(members)]++;
        return counts;
    }
}
