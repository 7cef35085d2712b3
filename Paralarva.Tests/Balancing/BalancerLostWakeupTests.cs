using Akka.Actor;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Health;
using static Paralarva.Actors.Balancing.BalancerMessages;

namespace Paralarva.Tests.Balancing;

public sealed class BalancerLostWakeupTests : TestKit
{
    [Fact]
    public void Acquire_AtConnectionLimit_ReleaseRightAfter_ServesTheWaiter()
    {
        // The release may reach the balancer before the member has queued the forwarded request: the balancer then
        // sees no waiter (MemberLoad.Waiting == 0) and pools the connection, and the member, at its limit, opens none.
        using var server = new CountingListener();
        var member = new MemberConfig("127.0.0.1", server.Port);
        var service = new ServiceConfig("svc", "svc.test", [member], StrategyNames.Default);
        var timeouts = MemberTimeoutsConfig.Default with { MemberIdle = TimeSpan.FromSeconds(60), MemberQueue = TimeSpan.FromSeconds(30) };
        var balancer = Sys.ActorOf(BalancerActor.Props(service, timeouts, 1, CreateTestProbe().Ref, new Random(1)));
        balancer.Tell(new AcquireConnection(1));
        var first = ExpectMsg<ConnectionLeased>(TimeSpan.FromSeconds(10));

        balancer.Tell(new AcquireConnection(2));
        first.Connection.Release(reusable: true, ExchangeOutcome.Success);

        var second = ExpectMsg<ConnectionLeased>(TimeSpan.FromSeconds(10));
        Assert.Equal(2, second.CorrelationId);
        Assert.Same(first.Connection, second.Connection);
    }
}
