using Paralarva.Actors.Balancing.Strategies;

namespace Paralarva.Tests.Balancing.Strategies;

/// <summary>Per-member weights (hosts[i].weight) in the random and round robin strategies.</summary>
public sealed class WeightedStrategyTests
{
    [Fact]
    public void Random_Weights3And1_FixedSeed_SplitsThreeToOne()
    {
        var counts = StrategyMembers.Picks(new RandomStrategy(new Random(11)), StrategyMembers.Weighted(3, 1), 40_000);

        // 30,000 / 10,000 expected; 3 standard deviations is about 260.
        Assert.InRange(counts[0], 29_500, 30_500);
        Assert.InRange(counts[1], 9_500, 10_500);
    }

    [Fact]
    public void RoundRobin_Weights5_1_1_SmoothInterleaving()
    {
        var strategy = new RoundRobinStrategy();
        var members = StrategyMembers.Weighted(5, 1, 1);

        var picks = new List<int>();
        for (var i = 0; i < 7; i++)
            picks.Add(strategy.Pick(members));

        // nginx's smooth weighted round robin: a a b a c a a, not a a a a a b c.
        Assert.Equal([0, 0, 1, 0, 2, 0, 0], picks);
    }

    [Fact]
    public void RoundRobin_Weights2And1_ExactShares()
    {
        var counts = StrategyMembers.Picks(new RoundRobinStrategy(), StrategyMembers.Weighted(2, 1), 3000);

        Assert.Equal([2000, 1000], counts);
    }
}
