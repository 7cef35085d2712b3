using Paralarva.Actors.Balancing;

namespace Paralarva.Tests.Balancing;

public sealed class MemberLoadTests
{
    [Fact]
    public void InFlight_ForwardedMinusFinished()
    {
        var load = new MemberLoad();
        load.Forwarded();
        load.Forwarded();
        load.Forwarded();
        load.Finished();

        Assert.Equal(2, load.InFlight);
    }

    [Fact]
    public void InFlight_MoreFinishedThanForwarded_NeverNegative()
    {
        // A member leased to directly (not through its balancer) finishes requests the balancer never counted.
        var load = new MemberLoad();
        load.Finished();

        Assert.Equal(0, load.InFlight);
    }
}
