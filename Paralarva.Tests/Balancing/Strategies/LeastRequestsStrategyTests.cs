using Paralarva.Actors.Balancing.Strategies;

namespace Paralarva.Tests.Balancing.Strategies;

public sealed class LeastRequestsStrategyTests
{
    [Fact]
    public void Pick_OneMemberLessLoaded_PicksIt()
    {
        var members = StrategyMembers.Weighted(1, 1, 1);
        StrategyMembers.Load(members[0], 3);
        StrategyMembers.Load(members[1], 1);
        StrategyMembers.Load(members[2], 2);

        Assert.Equal(1, new LeastRequestsStrategy().Pick(members));
    }

    [Fact]
    public void Pick_IdleService_TiesTakenInTurn()
    {
        var counts = StrategyMembers.Picks(new LeastRequestsStrategy(), StrategyMembers.Weighted(1, 1, 1), 300);

        Assert.Equal([100, 100, 100], counts);
    }

    [Fact]
    public void Pick_RequestsHeld_InFlightStaysLevel()
    {
        var counts = StrategyMembers.PickAndHold(new LeastRequestsStrategy(), StrategyMembers.Weighted(1, 1, 1, 1), 400);

        Assert.Equal([100, 100, 100, 100], counts);
    }

    [Fact]
    public void Pick_Weights3And1_RequestsHeld_InFlightProportionalToWeight()
    {
        var counts = StrategyMembers.PickAndHold(new LeastRequestsStrategy(), StrategyMembers.Weighted(3, 1), 400);

        // (in-flight + 1) / weight stays level: 3 × (n₁ + 1) ≈ n₀ + 1.
        Assert.InRange(counts[0], 298, 302);
        Assert.InRange(counts[1], 98, 102);
    }
}
