using Paralarva.Actors.Config;
using Paralarva.Actors.Health;

namespace Paralarva.Tests.Health;

public sealed class PassiveHealthPolicyTests
{
    private static readonly OutlierDetectionConfig Config =
        new(ConsecutiveFailures: 3, Consecutive5xx: 2, BaseEjectionTime: TimeSpan.FromSeconds(30), MaxEjectionTime: TimeSpan.FromSeconds(75));

    [Theory]
    [InlineData(ExchangeOutcome.Refused)]
    [InlineData(ExchangeOutcome.Reset)]
    [InlineData(ExchangeOutcome.Timeout)]
    public void Record_ConsecutiveFailures_EjectsOnTheLastOne(ExchangeOutcome failure)
    {
        var policy = new PassiveHealthPolicy(Config);

        Assert.False(policy.Record(failure));
        Assert.False(policy.Record(failure));
        Assert.True(policy.Record(failure));
        Assert.Equal(TimeSpan.FromSeconds(30), policy.EjectionTime());
    }

    [Fact]
    public void Record_SuccessInBetween_StartsCountingAgain()
    {
        var policy = new PassiveHealthPolicy(Config);

        policy.Record(ExchangeOutcome.Reset);
        policy.Record(ExchangeOutcome.Reset);
        policy.Record(ExchangeOutcome.Success);

        Assert.False(policy.Record(ExchangeOutcome.Reset));
        Assert.False(policy.Record(ExchangeOutcome.Reset));
    }

    [Fact]
    public void Record_ClientSideOutcomes_NeverCount()
    {
        var policy = new PassiveHealthPolicy(Config);

        for (var i = 0; i < 10; i++)
            Assert.False(policy.Record(ExchangeOutcome.Unknown));
    }

    [Fact]
    public void Record_Consecutive5xx_EjectsWhenConfigured()
    {
        var policy = new PassiveHealthPolicy(Config);

        Assert.False(policy.Record(ExchangeOutcome.ServerError));
        Assert.True(policy.Record(ExchangeOutcome.ServerError));
    }

    [Fact]
    public void Record_5xxWithConsecutive5xxZero_NeverEjects()
    {
        var policy = new PassiveHealthPolicy(Config with { Consecutive5xx = 0 });

        for (var i = 0; i < 20; i++)
            Assert.False(policy.Record(ExchangeOutcome.ServerError));
    }

    [Fact]
    public void EjectionTime_GrowsWithEjectionsInARow_UpToTheCap()
    {
        var policy = new PassiveHealthPolicy(Config with { ConsecutiveFailures = 1 });

        policy.Record(ExchangeOutcome.Reset);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.EjectionTime());
        policy.Record(ExchangeOutcome.Reset);
        Assert.Equal(TimeSpan.FromSeconds(60), policy.EjectionTime());
        policy.Record(ExchangeOutcome.Reset);
        Assert.Equal(TimeSpan.FromSeconds(75), policy.EjectionTime());

        policy.Record(ExchangeOutcome.Success);
        policy.Record(ExchangeOutcome.Reset);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.EjectionTime());
    }
}
