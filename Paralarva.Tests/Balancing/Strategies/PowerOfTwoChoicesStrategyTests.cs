using Paralarva.Actors.Balancing.Strategies;

namespace Paralarva.Tests.Balancing.Strategies;

public sealed class PowerOfTwoChoicesStrategyTests
{
    [Fact]
    public void Pick_TwoMembersOneLoaded_AlwaysTheOther()
    {
        var members = StrategyMembers.Weighted(1, 1);
        StrategyMembers.Load(members[0], 5);
        var strategy = new PowerOfTwoChoicesStrategy(new Random(1));

        for (var i = 0; i < 20; i++)
            Assert.Equal(1, strategy.Pick(members));
    }

    [Fact]
    public void Pick_IdleService_FixedSeed_SpreadsRoughlyUniformly()
    {
        var counts = StrategyMembers.Picks(new PowerOfTwoChoicesStrategy(new Random(5)), StrategyMembers.Weighted(1, 1, 1, 1), 40_000);

        // Ties go to the first of the two draws, itself uniform: 10,000 each, 3 standard deviations ≈ 260.
        Assert.All(counts, count => Assert.InRange(count, 9_500, 10_500));
    }

    [Fact]
    public void Pick_RequestsHeld_FixedSeed_InFlightStaysNearlyLevel()
    {
        var counts = StrategyMembers.PickAndHold(new PowerOfTwoChoicesStrategy(new Random(9)), StrategyMembers.Weighted(1, 1, 1, 1, 1), 1000);

        // Two choices keep the spread within a few requests, where plain random would drift by tens.
        Assert.True(counts.Max() - counts.Min() <= 6, string.Join(",", counts));
    }

    [Fact]
    public void Pick_NeverTheMostLoadedOfThree()
    {
        var members = StrategyMembers.Weighted(1, 1, 1);
        StrategyMembers.Load(members[2], 10);
        var strategy = new PowerOfTwoChoicesStrategy(new Random(3));

        for (var i = 0; i < 200; i++)
            Assert.NotEqual(2, strategy.Pick(members));
    }

    [Fact]
    public void Pick_Weights3And1_RequestsHeld_InFlightProportionalToWeight()
    {
        var counts = StrategyMembers.PickAndHold(new PowerOfTwoChoicesStrategy(new Random(4)), StrategyMembers.Weighted(3, 1), 400);

        Assert.InRange(counts[0], 295, 305);
        Assert.InRange(counts[1], 95, 105);
    }
}
