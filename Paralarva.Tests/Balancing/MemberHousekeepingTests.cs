using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;
using static Paralarva.Actors.Balancing.BalancerMessages;

namespace Paralarva.Tests.Balancing;

/// <summary>timeouts.member_idle, timeouts.member_queue and the sampled load metrics of a MemberActor.</summary>
public sealed class MemberHousekeepingTests : TestKit
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);
    private readonly TestProbe _metrics;

    public MemberHousekeepingTests() => _metrics = CreateTestProbe("metrics");

    private IActorRef StartMember(int port, MemberTimeoutsConfig timeouts, int maxConnections = 8)
    {
        var member = new MemberConfig("127.0.0.1", port);
        var service = new ServiceConfig("svc", "svc.test", [member], StrategyNames.Default);
        return Sys.ActorOf(MemberActor.Props(service, member, timeouts, maxConnections, _metrics.Ref));
    }

    [Fact]
    public void PooledConnection_IdleLongerThanMemberIdle_ClosedByTheProxy()
    {
        using var server = new CountingListener();
        var member = StartMember(server.Port, MemberTimeoutsConfig.Default with { MemberIdle = TimeSpan.FromMilliseconds(300) });
        member.Tell(new AcquireConnection(1));
        var leased = ExpectMsg<ConnectionLeased>(Long);
        Watch(leased.Lease.Connection);

        member.Tell(new ReleaseConnection(leased.Lease, Reusable: true));

        ExpectTerminated(leased.Lease.Connection, Long);
        _metrics.FishForMessage<MemberConnectionClosed>(_ => true, Long);
        member.Tell(new AcquireConnection(2));
        Assert.False(ExpectMsg<ConnectionLeased>(Long).Reused);
    }

    [Fact]
    public void PooledConnection_ReusedWithinMemberIdle_StaysOpen()
    {
        using var server = new CountingListener();
        var member = StartMember(server.Port, MemberTimeoutsConfig.Default with { MemberIdle = TimeSpan.FromSeconds(30) });
        member.Tell(new AcquireConnection(1));
        var leased = ExpectMsg<ConnectionLeased>(Long);
        member.Tell(new ReleaseConnection(leased.Lease, Reusable: true));
        Watch(leased.Lease.Connection);

        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        member.Tell(new AcquireConnection(2));

        Assert.Same(leased.Lease, ExpectMsg<ConnectionLeased>().Lease);
    }

    [Fact]
    public void AtTheConnectionLimit_WaitLongerThanMemberQueue_NoMemberAvailable()
    {
        using var server = new CountingListener();
        var member = StartMember(server.Port, MemberTimeoutsConfig.Default with { MemberQueue = TimeSpan.FromMilliseconds(200) }, maxConnections: 1);
        member.Tell(new AcquireConnection(1));
        ExpectMsg<ConnectionLeased>(Long);

        member.Tell(new AcquireConnection(2));

        var failed = ExpectMsg<LeaseFailed>(Long);
        Assert.Equal(2, failed.CorrelationId);
        Assert.Equal(ProxyError.NoMemberAvailable, failed.Error);
        Assert.Equal(503, ProxyErrors.StatusCode(failed.Error));
    }

    [Fact]
    public void AtTheConnectionLimit_ReleaseWithinMemberQueue_ServesTheWaiter()
    {
        using var server = new CountingListener();
        var member = StartMember(server.Port, MemberTimeoutsConfig.Default with { MemberQueue = TimeSpan.FromSeconds(5) }, maxConnections: 1);
        member.Tell(new AcquireConnection(1));
        var first = ExpectMsg<ConnectionLeased>(Long);
        member.Tell(new AcquireConnection(2));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        member.Tell(new ReleaseConnection(first.Lease, Reusable: true));

        Assert.Equal(2, ExpectMsg<ConnectionLeased>().CorrelationId);
    }

    [Fact]
    public void Load_SampledForMetrics_InFlightAndIdle()
    {
        using var server = new CountingListener();
        var member = StartMember(server.Port, MemberTimeoutsConfig.Default);
        member.Tell(new AcquireConnection(1));
        var leased = ExpectMsg<ConnectionLeased>(Long);

        _metrics.FishForMessage<MemberLoadSampled>(m => m is { InFlight: 1, IdleConnections: 0 }, Long);
        member.Tell(new ReleaseConnection(leased.Lease, Reusable: true));

        var idle = _metrics.FishForMessage<MemberLoadSampled>(m => m.InFlight == 0, Long);
        Assert.Equal(1, idle.IdleConnections);
        Assert.Equal("127.0.0.1:" + server.Port, idle.Member);
    }
}
