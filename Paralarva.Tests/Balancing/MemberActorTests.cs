using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.IO;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;
using Paralarva.Tests.Common;
using static Paralarva.Actors.Balancing.BalancerMessages;
using static Paralarva.Actors.Balancing.MemberConnectionMessages;

namespace Paralarva.Tests.Balancing;

/// <summary>
/// A member's connections as a service sees them: a BalancerActor with one MemberActor, a real loopback member.
/// The member opens connections and keeps the per-member limit and its queue; the balancer pools the idle ones.
/// </summary>
public sealed class MemberActorTests : TestKit
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    private IActorRef StartService(int port, int maxConnections = 8, MemberTimeoutsConfig? timeouts = null, IActorRef? metrics = null)
    {
        var member = new MemberConfig("127.0.0.1", port);
        var service = new ServiceConfig("svc", "svc.test", [member], StrategyNames.Default);
        return Sys.ActorOf(BalancerActor.Props(
            service, timeouts ?? MemberTimeoutsConfig.Default with { Connect = TimeSpan.FromSeconds(5) }, maxConnections,
            metrics ?? CreateTestProbe().Ref, new Random(1)));
    }

    private static void Release(ConnectionLeased leased, bool reusable = true) =>
        leased.Connection.Release(reusable, ExchangeOutcome.Success);

    [Fact]
    public void Acquire_NoIdleConnection_OpensOneAndLeasesIt()
    {
        using var server = new CountingListener();
        var balancer = StartService(server.Port);

        balancer.Tell(new AcquireConnection(1));

        var leased = ExpectMsg<ConnectionLeased>(Long);
        Assert.Equal(1, leased.CorrelationId);
        Assert.False(leased.Reused);
        Assert.Equal("127.0.0.1:" + server.Port, leased.Connection.MemberName);
        AwaitAssert(() => Assert.Equal(1, server.Accepted));
    }

    [Fact]
    public void Release_Reusable_NextAcquireReusesTheSameConnection()
    {
        using var server = new CountingListener();
        var balancer = StartService(server.Port);
        balancer.Tell(new AcquireConnection(1));
        var first = ExpectMsg<ConnectionLeased>(Long);

        Release(first);
        balancer.Tell(new AcquireConnection(2));

        var second = ExpectMsg<ConnectionLeased>();
        Assert.True(second.Reused);
        Assert.Same(first.Connection, second.Connection);
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public void Release_ToAWaiter_TheConnectionReadsForTheNewLessee()
    {
        using var member = new LoopbackMember(this, "m");
        var metrics = CreateTestProbe("metrics");
        var balancer = StartService(member.EndPoint.Port, maxConnections: 1, metrics: metrics.Ref);
        balancer.Tell(new AcquireConnection(1));
        var first = ExpectMsg<ConnectionLeased>(Long);
        var socket = member.Accept();
        var waiter = CreateTestProbe("waiter");
        balancer.Tell(new AcquireConnection(2), waiter.Ref);
        // The waiter is queued at the member (one leased, one waiting) before the release.
        metrics.FishForMessage<MemberLoadSampled>(m => m.InFlight == 2, Long);

        Release(first);

        var second = waiter.ExpectMsg<ConnectionLeased>(Long);
        Assert.Equal(2, second.CorrelationId);
        Assert.True(second.Reused);
        Assert.Same(first.Connection, second.Connection);
        // Lessees ask for no first read of their own: the released connection reads for the new one.
        Assert.True(second.Connection.Write(ByteString.FromString("GET / HTTP/1.1\r\n\r\n"), ByteString.Empty));
        socket.ReadHead();
        socket.Send("HTTP/1.1 204 No Content\r\n\r\n");
        Assert.Same(second.Connection, waiter.ExpectMsg<MemberReceived>(Long).Connection);
    }

    [Fact]
    public void Release_NotReusable_NextAcquireOpensANewConnection()
    {
        using var server = new CountingListener();
        var balancer = StartService(server.Port);
        balancer.Tell(new AcquireConnection(1));
        var first = ExpectMsg<ConnectionLeased>(Long);

        Release(first, reusable: false);
        balancer.Tell(new AcquireConnection(2));

        var second = ExpectMsg<ConnectionLeased>(Long);
        Assert.False(second.Reused);
        Assert.NotSame(first.Connection, second.Connection);
        AwaitAssert(() => Assert.Equal(2, server.Accepted));
    }

    [Fact]
    public void Acquire_AtConnectionLimit_WaitsForARelease()
    {
        using var server = new CountingListener();
        var metrics = CreateTestProbe("metrics");
        var balancer = StartService(server.Port, maxConnections: 1, metrics: metrics.Ref);
        balancer.Tell(new AcquireConnection(1));
        var first = ExpectMsg<ConnectionLeased>(Long);

        balancer.Tell(new AcquireConnection(2));
        metrics.FishForMessage<MemberLoadSampled>(m => m.InFlight == 2, Long);
        ExpectNoMsg(Absence.Window);
        Release(first);

        var second = ExpectMsg<ConnectionLeased>(Long);
        Assert.Equal(2, second.CorrelationId);
        Assert.Same(first.Connection, second.Connection);
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public void Acquire_MemberRefusesConnections_LeaseFailedWithMemberRefused()
    {
        int closedPort;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        var balancer = StartService(closedPort);
        balancer.Tell(new AcquireConnection(5));

        var failed = ExpectMsg<LeaseFailed>(Long);
        Assert.Equal(5, failed.CorrelationId);
        Assert.Equal(ProxyError.MemberRefused, failed.Error);
        Assert.Equal("127.0.0.1:" + closedPort, failed.MemberName);
    }

    [Fact]
    public void IdleConnection_ClosedByMember_IsDroppedFromThePool()
    {
        using var server = new CountingListener();
        var balancer = StartService(server.Port);
        balancer.Tell(new AcquireConnection(1));
        var first = ExpectMsg<ConnectionLeased>(Long);
        Release(first);
        AwaitAssert(() => Assert.Equal(1, server.Accepted));

        server.CloseAccepted();

        AwaitCondition(() => first.Connection.IsClosed, Long);
        balancer.Tell(new AcquireConnection(2));
        var second = ExpectMsg<ConnectionLeased>(Long);
        Assert.False(second.Reused);
        Assert.NotSame(first.Connection, second.Connection);
    }

    [Fact]
    public void Lessee_DiesHoldingALease_ConnectionIsReclaimed()
    {
        using var member = new LoopbackMember(this, "m");
        var balancer = StartService(member.EndPoint.Port, maxConnections: 1);
        var lessee = CreateTestProbe("lessee");
        balancer.Tell(new AcquireConnection(1), lessee.Ref);
        var first = lessee.ExpectMsg<ConnectionLeased>(Long);
        var socket = member.Accept();

        Sys.Stop(lessee.Ref);

        // Mid-exchange state is unknown: the connection is reset, and its slot serves the next request.
        Assert.Equal(MemberSocketEnd.Reset, socket.ExpectEnd());
        Assert.True(first.Connection.IsClosed);
        balancer.Tell(new AcquireConnection(2));
        var second = ExpectMsg<ConnectionLeased>(Long);
        Assert.Equal(2, second.CorrelationId);
        Assert.NotSame(first.Connection, second.Connection);
    }

    [Fact]
    public void Acquire_ConnectionsOpenedAndClosed_CountedForMetrics()
    {
        using var server = new CountingListener();
        var metrics = CreateTestProbe("metrics");
        var balancer = StartService(server.Port, metrics: metrics.Ref);
        balancer.Tell(new AcquireConnection(1));
        var leased = ExpectMsg<ConnectionLeased>(Long);
        metrics.FishForMessage<MemberConnectionOpened>(_ => true, Long);

        Release(leased, reusable: false);

        var closed = metrics.FishForMessage<MemberConnectionClosed>(_ => true, Long);
        Assert.Equal("127.0.0.1:" + server.Port, closed.Member);
    }
}
