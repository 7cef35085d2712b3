using Paralarva.Actors.Health;

namespace Paralarva.Tests.Health;

public sealed class HealthCheckThresholdsTests
{
    [Fact]
    public void New_StartsHealthy()
    {
        Assert.True(new HealthCheckThresholds(2, 3).Healthy);
    }

    [Fact]
    public void Record_FailuresBelowThreshold_StaysHealthy()
    {
        var thresholds = new HealthCheckThresholds(2, 3);

        Assert.False(thresholds.Record(false));
        Assert.False(thresholds.Record(false));

        Assert.True(thresholds.Healthy);
    }

    [Fact]
    public void Record_UnhealthyThresholdFailuresInARow_TurnsUnhealthyOnce()
    {
        var thresholds = new HealthCheckThresholds(2, 3);

        var changes = new[] { false, false, false, false }.Select(thresholds.Record).ToList();

        Assert.Equal([false, false, true, false], changes);
        Assert.False(thresholds.Healthy);
        Assert.Equal(4, thresholds.ConsecutiveFailures);
    }

    [Fact]
    public void Record_PassBetweenFailures_RestartsTheCount()
    {
        var thresholds = new HealthCheckThresholds(2, 3);

        foreach (var passed in new[] { false, false, true, false, false })
            Assert.False(thresholds.Record(passed));

        Assert.True(thresholds.Healthy);
    }

    [Fact]
    public void Record_HealthyThresholdPassesInARow_TurnsHealthyAgain()
    {
        var thresholds = new HealthCheckThresholds(2, 1);
        Assert.True(thresholds.Record(false));

        // One pass, a failure, then two passes: only the second pass in a row counts.
        Assert.False(thresholds.Record(true));
        Assert.False(thresholds.Record(false));
        Assert.False(thresholds.Record(true));
        Assert.True(thresholds.Record(true));

        Assert.True(thresholds.Healthy);
    }
}
