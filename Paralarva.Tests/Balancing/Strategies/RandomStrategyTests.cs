using Paralarva.Actors.Balancing.Strategies;

namespace Paralarva.Tests.Balancing.Strategies;

public sealed class RandomStrategyTests
{
    [Fact]
    public void Pick_FixedSeed_FollowsTheSeededSequence()
    {
        var strategy = new RandomStrategy(new Random(42));
        var expected = new Random(42);
        var members = RoundRobinStrategyTests.Members(5);

        for (var i = 0; i < 100; i++)
            Assert.Equal(expected.Next(5), strategy.Pick(members));
    }

    [Fact]
    public void Pick_FixedSeed_SpreadsRoughlyUniformly()
    {
        var strategy = new RandomStrategy(new Random(7));
        var members = RoundRobinStrategyTests.Members(3);
        var counts = new int[3];

        for (var i = 0; i < 30_000; i++)
            counts[strategy.Pick(members)]++;

        // 10,000 expected each; with this seed every count lies well within 3 standard deviations (~245).
        Assert.All(counts, count => Assert.InRange(count, 9_500, 10_500));
    }

    [Fact]
    public void Pick_OneMember_AlwaysThatMember()
    {
        var strategy = new RandomStrategy(new Random(1));
        var members = RoundRobinStrategyTests.Members(1);

        for (var i = 0; i < 10; i++)
            Assert.Equal(0, strategy.Pick(members));
    }
}
