using System.Text;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Balancing.Strategies;

namespace Paralarva.Tests.Balancing.Strategies;

public sealed class ConsistentHashStrategyTests
{
    private const int KeyCount = 20_000;

    private static ulong Key(int i) => AffinityHash.Of(Encoding.ASCII.GetBytes("user-" + i));

    private static ConsistentHashStrategy Ring(List<MemberState> members)
    {
        var strategy = new ConsistentHashStrategy();
        strategy.MembersChanged(members);
        return strategy;
    }

    /// <summary>The member name each key goes to.</summary>
    private static string[] Owners(ConsistentHashStrategy strategy, List<MemberState> pool)
    {
        var owners = new string[KeyCount];
        for (var i = 0; i < KeyCount; i++)
            owners[i] = pool[strategy.Pick(pool, Key(i))].Name;
        return owners;
    }

    [Fact]
    public void Ring_EqualWeights_PointsPerMember()
    {
        var strategy = Ring(StrategyMembers.Weighted(1, 1, 1));

        Assert.Equal(3 * HashRing.PointsPerWeight, strategy.Ring.Count);
    }

    [Fact]
    public void Pick_SameKey_SameMemberEveryTime()
    {
        var members = StrategyMembers.Weighted(1, 1, 1, 1, 1);
        var strategy = Ring(members);

        for (var i = 0; i < 100; i++)
        {
            var first = strategy.Pick(members, Key(i));
            for (var repeat = 0; repeat < 10; repeat++)
                Assert.Equal(first, strategy.Pick(members, Key(i)));
        }
    }

    [Fact]
    public void Pick_ManyKeys_SpreadEvenly()
    {
        var members = StrategyMembers.Weighted(1, 1, 1, 1);
        var counts = new int[members.Count];
        var strategy = Ring(members);

        for (var i = 0; i < KeyCount; i++)
            counts[strategy.Pick(members, Key(i))]++;

        // 160 points per member keep every share within about 20% of the mean (5,000).
        foreach (var count in counts)
            Assert.InRange(count, 4000, 6000);
    }

    [Fact]
    public void Pick_Weights3And1_ShareFollowsWeight()
    {
        var members = StrategyMembers.Weighted(3, 1);
        var counts = new int[members.Count];
        var strategy = Ring(members);

        for (var i = 0; i < KeyCount; i++)
            counts[strategy.Pick(members, Key(i))]++;

        Assert.InRange(counts[0] / (double)KeyCount, 0.68, 0.82);
    }

    [Fact]
    public void MemberRemoved_OnlyItsKeysMove_AboutOneNth()
    {
        const int n = 5;
        var members = StrategyMembers.Weighted(1, 1, 1, 1, 1);
        var before = Owners(Ring(members), members);
        var removed = members[2];
        var remaining = new List<MemberState>(members);
        remaining.Remove(removed);

        var after = Owners(Ring(remaining), remaining);

        var moved = 0;
        for (var i = 0; i < KeyCount; i++)
        {
            if (before[i] == after[i])
                continue;
            moved++;
            Assert.Equal(removed.Name, before[i]);
        }

        Assert.InRange(moved / (double)KeyCount, 0.7 / n, 1.3 / n);
    }

    [Fact]
    public void MemberAdded_OnlyKeysTakenByItMove()
    {
        var members = StrategyMembers.Weighted(1, 1, 1, 1);
        var before = Owners(Ring(members), members);
        var grown = new List<MemberState>(members) { new(Akka.Actor.ActorRefs.Nobody, "127.0.0.1:9100") };

        var after = Owners(Ring(grown), grown);

        var moved = 0;
        for (var i = 0; i < KeyCount; i++)
        {
            if (before[i] == after[i])
                continue;
            moved++;
            Assert.Equal("127.0.0.1:9100", after[i]);
        }

        Assert.InRange(moved / (double)KeyCount, 0.7 / 5, 1.3 / 5);
    }

    [Fact]
    public void UnavailableMember_SkippedOnTheRing_OthersKeepTheirKeys_AndKeysReturn()
    {
        var members = StrategyMembers.Weighted(1, 1, 1, 1);
        var strategy = Ring(members);
        var before = Owners(strategy, members);
        // The balancer passes only the available members: the ring itself is not rebuilt for a health change.
        var available = new List<MemberState> { members[0], members[1], members[3] };

        var during = Owners(strategy, available);
        var afterwards = Owners(strategy, members);

        var moved = 0;
        for (var i = 0; i < KeyCount; i++)
        {
            Assert.NotEqual(members[2].Name, during[i]);
            if (before[i] != members[2].Name)
                Assert.Equal(before[i], during[i]);
            else
                moved++;
        }

        Assert.True(moved > 0);
        Assert.Equal(before, afterwards);
    }

    [Fact]
    public void OnlyOneMemberLeft_TakesEveryKey()
    {
        var members = StrategyMembers.Weighted(1, 1, 1);
        var strategy = Ring(members);
        var pool = new List<MemberState> { members[1] };

        for (var i = 0; i < 200; i++)
            Assert.Equal(0, strategy.Pick(pool, Key(i)));
    }

    [Fact]
    public void SameMembers_InAnotherOrderOrAnotherProcess_SameOwners()
    {
        var members = StrategyMembers.Weighted(1, 1, 1);
        var reversed = new List<MemberState>(members);
        reversed.Reverse();

        Assert.Equal(Owners(Ring(members), members), Owners(Ring(reversed), reversed));
        // Points depend only on the member's address: a fixed key has a fixed owner in every build and replica.
        var fresh = StrategyMembers.Weighted(1, 1, 1);
        Assert.Equal(Owners(Ring(members), members), Owners(Ring(fresh), fresh));
    }

    [Fact]
    public void LargeWeights_RingBounded_SharesKept()
    {
        var members = StrategyMembers.Weighted(10_000, 10_000, 5_000);
        var strategy = Ring(members);
        var counts = new int[members.Count];

        for (var i = 0; i < KeyCount; i++)
            counts[strategy.Pick(members, Key(i))]++;

        Assert.InRange(strategy.Ring.Count, 3, HashRing.MaxPoints);
        Assert.InRange(counts[2] / (double)KeyCount, 0.15, 0.25);
    }

    [Fact]
    public void Pick_WithoutRing_StillReturnsAMember()
    {
        var members = StrategyMembers.Weighted(1, 1);

        Assert.InRange(new ConsistentHashStrategy().Pick(members, 12345), 0, 1);
    }
}
