using Akka.Actor;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Balancing.Strategies;

namespace Paralarva.Tests.Balancing.Strategies;

public sealed class RoundRobinStrategyTests
{
    internal static List<MemberState> Members(int count)
    {
        var members = new List<MemberState>(count);
        for (var i = 0; i < count; i++)
            members.Add(new MemberState(ActorRefs.Nobody, "127.0.0.1:" + (9000 + i)));
        return members;
    }

    [Fact]
    public void Pick_ThreeMembers_CyclesInOrder()
    {
        var strategy = new RoundRobinStrategy();
        var members = Members(3);

        var picks = new List<int>();
        for (var i = 0; i < 7; i++)
            picks.Add(strategy.Pick(members));

        Assert.Equal([0, 1, 2, 0, 1, 2, 0], picks);
    }

    [Fact]
    public void Pick_ManyRequests_SpreadsExactlyEvenly()
    {
        var strategy = new RoundRobinStrategy();
        var members = Members(4);
        var counts = new int[4];

        for (var i = 0; i < 4000; i++)
            counts[strategy.Pick(members)]++;

        Assert.All(counts, count => Assert.Equal(1000, count));
    }
}
