using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;
using static Paralarva.Actors.Balancing.BalancerMessages;

namespace Paralarva.Tests.Balancing;

/// <summary>
/// timeouts.member_idle (the balancer's pool), timeouts.member_queue and the connection limit (the member), the
/// sampled load metrics, and a reload's new connection settings reaching running members.
/// </summary>
public sealed class MemberHousekeepingTests : TestKit
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);
    private readonly TestProbe _metrics;

    public MemberHousekeepingTests() => _metrics = CreateTestProbe("metrics");

    private static ServiceConfig Service(int port) =>
        new("svc", "svc.test", [new MemberConfig("127.0.0.1", port)], StrategyNames.Default);

    private IActorRef StartService(int port, MemberTimeoutsConfig timeouts, int maxConnections = 8) =>
        Sys.ActorOf(BalancerActor.Props(Service(port), timeouts, maxConnections, _metrics.Ref, new Random(1)));

    /// <summary>Leases the member's only connection, then queues request 2 behind it and waits until the member holds it.</summary>
    private ConnectionLeased HoldTheOnlyConnectionWithAWaiter(IActorRef balancer)
    {
        balancer.Tell(new AcquireConnection(1));
        var leased = ExpectMsg<ConnectionLeased>(Long);
        balancer.Tell(new AcquireConnection(2));
        _metrics.FishForMessage<MemberLoadSampled>(m => m.InFlight == 2, Long);
        return leased;
    }

    [Fact]
    public void PooledConnection_IdleLongerThanMemberIdle_ClosedByTheProxy()
    {
        using var member = new LoopbackMember(this, "m");
        var balancer = StartService(member.EndPoint.Port, MemberTimeoutsConfig.Default with { MemberIdle = TimeSpan.FromMilliseconds(300) });
        balancer.Tell(new AcquireConnection(1));
        var leased = ExpectMsg<ConnectionLeased>(Long);
        var socket = member.Accept();

        leased.Connection.Release(reusable: true, ExchangeOutcome.Success);

        socket.ExpectEnd();
        Assert.True(leased.Connection.IsClosed);
        _metrics.FishForMessage<MemberConnectionClosed>(_ => true, Long);
        balancer.Tell(new AcquireConnection(2));
        var next = ExpectMsg<ConnectionLeased>(Long);
        Assert.False(next.Reused);
        Assert.NotSame(leased.Connection, next.Connection);
    }

    [Fact]
    public void PooledConnection_ReusedWithinMemberIdle_StaysOpen()
    {
        using var server = new CountingListener();
        var balancer = StartService(server.Port, MemberTimeoutsConfig.Default with { MemberIdle = TimeSpan.FromSeconds(30) });
        balancer.Tell(new AcquireConnection(1));
        var leased = ExpectMsg<ConnectionLeased>(Long);
        // Release tells the balancer from this thread: the next acquire is in its mailbox after it, no wait needed.
        leased.Connection.Release(reusable: true, ExchangeOutcome.Success);
        balancer.Tell(new AcquireConnection(2));

        var next = ExpectMsg<ConnectionLeased>();
        Assert.Same(leased.Connection, next.Connection);
        Assert.True(next.Reused);
    }

    [Fact]
    public void AtTheConnectionLimit_WaitLongerThanMemberQueue_NoMemberAvailable()
    {
        using var server = new CountingListener();
        var balancer = StartService(server.Port, MemberTimeoutsConfig.Default with { MemberQueue = TimeSpan.FromMilliseconds(200) }, maxConnections: 1);
        balancer.Tell(new AcquireConnection(1));
        ExpectMsg<ConnectionLeased>(Long);

        balancer.Tell(new AcquireConnection(2));

        var failed = ExpectMsg<LeaseFailed>(Long);
        Assert.Equal(2, failed.CorrelationId);
        Assert.Equal(ProxyError.NoMemberAvailable, failed.Error);
        Assert.Equal(503, ProxyErrors.StatusCode(failed.Error));
    }

    [Fact]
    public void AtTheConnectionLimit_ReleaseWithinMemberQueue_ServesTheWaiter()
    {
        using var server = new CountingListener();
        var balancer = StartService(server.Port, MemberTimeoutsConfig.Default with { MemberQueue = TimeSpan.FromSeconds(5) }, maxConnections: 1);
        var first = HoldTheOnlyConnectionWithAWaiter(balancer);

        first.Connection.Release(reusable: true, ExchangeOutcome.Success);

        var second = ExpectMsg<ConnectionLeased>(Long);
        Assert.Equal(2, second.CorrelationId);
        Assert.Same(first.Connection, second.Connection);
    }

    [Fact]
    public void Load_SampledForMetrics_InFlightAndIdle()
    {
        using var server = new CountingListener();
        var balancer = StartService(server.Port, MemberTimeoutsConfig.Default);
        balancer.Tell(new AcquireConnection(1));
        var leased = ExpectMsg<ConnectionLeased>(Long);

        _metrics.FishForMessage<MemberLoadSampled>(m => m is { InFlight: 1, IdleConnections: 0 }, Long);
        leased.Connection.Release(reusable: true, ExchangeOutcome.Success);

        var idle = _metrics.FishForMessage<MemberLoadSampled>(m => m.InFlight == 0, Long);
        Assert.Equal(1, idle.IdleConnections);
        Assert.Equal("svc", idle.Service);
        Assert.Equal("127.0.0.1:" + server.Port, idle.Member);
    }

    [Fact]
    public void Reload_RaisesMaxConnectionsPerMember_QueuedWaiterServedAtOnce()
    {
        using var server = new CountingListener();
        var timeouts = MemberTimeoutsConfig.Default with { MemberQueue = TimeSpan.FromSeconds(30) };
        var balancer = StartService(server.Port, timeouts, maxConnections: 1);
        var first = HoldTheOnlyConnectionWithAWaiter(balancer);

        balancer.Tell(new MemberSetMessages.UpdateService(Service(server.Port)) { MaxConnectionsPerMember = 2 });

        var second = ExpectMsg<ConnectionLeased>(Long);
        Assert.Equal(2, second.CorrelationId);
        Assert.NotSame(first.Connection, second.Connection);
        AwaitAssert(() => Assert.Equal(2, server.Accepted));
    }

    [Fact]
    public void Reload_LowersMemberQueue_WaiterExpiresByTheNewTimeout()
    {
        using var server = new CountingListener();
        var balancer = StartService(server.Port, MemberTimeoutsConfig.Default with { MemberQueue = TimeSpan.FromSeconds(30) }, maxConnections: 1);
        HoldTheOnlyConnectionWithAWaiter(balancer);

        balancer.Tell(new MemberSetMessages.UpdateService(Service(server.Port))
        {
            Timeouts = MemberTimeoutsConfig.Default with { MemberQueue = TimeSpan.FromMilliseconds(200) },
        });

        var failed = ExpectMsg<LeaseFailed>(Long);
        Assert.Equal(2, failed.CorrelationId);
        Assert.Equal(ProxyError.NoMemberAvailable, failed.Error);
    }

    [Fact]
    public void Reload_ShortensConnect_RunningMemberTimesOutByIt()
    {
        using var full = new FullBacklogListener();
        var balancer = StartService(full.EndPoint.Port, MemberTimeoutsConfig.Default with { Connect = TimeSpan.FromSeconds(60) });

        balancer.Tell(new MemberSetMessages.UpdateService(Service(full.EndPoint.Port))
        {
            Timeouts = MemberTimeoutsConfig.Default with { Connect = TimeSpan.FromMilliseconds(300) },
        });
        balancer.Tell(new AcquireConnection(1));

        var failed = ExpectMsg<LeaseFailed>(Long);
        Assert.Equal(1, failed.CorrelationId);
        Assert.Equal(ProxyError.MemberTimeout, failed.Error);
    }

    [Fact]
    public void Reload_LowersMemberIdle_PooledConnectionClosedByTheNewTimeout()
    {
        using var member = new LoopbackMember(this, "m");
        var balancer = StartService(member.EndPoint.Port, MemberTimeoutsConfig.Default with { MemberIdle = TimeSpan.FromSeconds(60) });
        balancer.Tell(new AcquireConnection(1));
        var leased = ExpectMsg<ConnectionLeased>(Long);
        var socket = member.Accept();
        leased.Connection.Release(reusable: true, ExchangeOutcome.Success);

        balancer.Tell(new MemberSetMessages.UpdateService(Service(member.EndPoint.Port))
        {
            Timeouts = MemberTimeoutsConfig.Default with { MemberIdle = TimeSpan.FromMilliseconds(300) },
        });

        socket.ExpectEnd();
        Assert.True(leased.Connection.IsClosed);
    }
}
