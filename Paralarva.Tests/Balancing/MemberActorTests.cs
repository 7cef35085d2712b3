using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Http;
using static Paralarva.Actors.Balancing.BalancerMessages;

namespace Paralarva.Tests.Balancing;

public sealed class MemberActorTests : TestKit
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private IActorRef StartMember(int port, int maxConnections = 8) =>
        Sys.ActorOf(MemberActor.Props(
            new ServiceConfig("svc", "svc.test", [new MemberConfig("127.0.0.1", port)], StrategyNames.Default),
            new MemberConfig("127.0.0.1", port), MemberTimeoutsConfig.Default with { Connect = ConnectTimeout }, maxConnections, CreateTestProbe().Ref));

    [Fact]
    public void Acquire_NoIdleConnection_OpensOneAndLeasesIt()
    {
        using var server = new CountingListener();
        var member = StartMember(server.Port);

        member.Tell(new AcquireConnection(1));

        var leased = ExpectMsg<ConnectionLeased>(TimeSpan.FromSeconds(10));
        Assert.Equal(1, leased.CorrelationId);
        Assert.False(leased.Reused);
        Assert.Equal("127.0.0.1:" + server.Port, leased.Lease.MemberName);
        AwaitAssert(() => Assert.Equal(1, server.Accepted));
    }

    [Fact]
    public void Release_Reusable_NextAcquireReusesTheSameConnection()
    {
        using var server = new CountingListener();
        var member = StartMember(server.Port);
        member.Tell(new AcquireConnection(1));
        var first = ExpectMsg<ConnectionLeased>(TimeSpan.FromSeconds(10));

        member.Tell(new ReleaseConnection(first.Lease, Reusable: true));
        member.Tell(new AcquireConnection(2));

        var second = ExpectMsg<ConnectionLeased>();
        Assert.True(second.Reused);
        Assert.Same(first.Lease, second.Lease);
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public void Release_ToAWaiter_TheConnectionHasAReadPostedForTheNewLessee()
    {
        using var server = new CountingListener();
        var member = StartMember(server.Port, maxConnections: 1);
        member.Tell(new AcquireConnection(1));
        var first = ExpectMsg<ConnectionLeased>(TimeSpan.FromSeconds(10));
        first.Lease.Connection.Tell(UpstreamMessages.Attach.Instance);
        AwaitAssert(() => Assert.Equal(1, server.Accepted));
        // The first exchange's response completes the read the connection posted when it opened.
        server.SendToAccepted("HTTP/1.1 204 No Content\r\n\r\n"u8.ToArray());
        ExpectMsg<UpstreamMessages.MemberReceived>(TimeSpan.FromSeconds(10));
        member.Tell(new AcquireConnection(2));

        member.Tell(new ReleaseConnection(first.Lease, Reusable: true));
        var second = ExpectMsg<ConnectionLeased>();
        Assert.Equal(2, second.CorrelationId);
        Assert.True(second.Reused);
        second.Lease.Connection.Tell(UpstreamMessages.Attach.Instance);

        // Lessees ask for no first read of their own: only a read posted on release lets this one see anything.
        server.CloseAccepted();
        ExpectMsg<UpstreamMessages.MemberClosed>(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Release_NotReusable_NextAcquireOpensANewConnection()
    {
        using var server = new CountingListener();
        var member = StartMember(server.Port);
        member.Tell(new AcquireConnection(1));
        var first = ExpectMsg<ConnectionLeased>(TimeSpan.FromSeconds(10));

        member.Tell(new ReleaseConnection(first.Lease, Reusable: false));
        member.Tell(new AcquireConnection(2));

        var second = ExpectMsg<ConnectionLeased>(TimeSpan.FromSeconds(10));
        Assert.False(second.Reused);
        Assert.NotSame(first.Lease, second.Lease);
        AwaitAssert(() => Assert.Equal(2, server.Accepted));
    }

    [Fact]
    public void Acquire_AtConnectionLimit_WaitsForARelease()
    {
        using var server = new CountingListener();
        var member = StartMember(server.Port, maxConnections: 1);
        member.Tell(new AcquireConnection(1));
        var first = ExpectMsg<ConnectionLeased>(TimeSpan.FromSeconds(10));

        member.Tell(new AcquireConnection(2));
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        member.Tell(new ReleaseConnection(first.Lease, Reusable: true));

        var second = ExpectMsg<ConnectionLeased>();
        Assert.Equal(2, second.CorrelationId);
        Assert.Same(first.Lease, second.Lease);
    }

    [Fact]
    public void Acquire_MemberRefusesConnections_LeaseFailedWithMemberRefused()
    {
        int closedPort;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var member = StartMember(closedPort);
        member.Tell(new AcquireConnection(5));

        var failed = ExpectMsg<LeaseFailed>(TimeSpan.FromSeconds(10));
        Assert.Equal(5, failed.CorrelationId);
        Assert.Equal(ProxyError.MemberRefused, failed.Error);
    }

    [Fact]
    public void IdleConnection_ClosedByMember_IsDroppedFromThePool()
    {
        using var server = new CountingListener();
        var member = StartMember(server.Port);
        member.Tell(new AcquireConnection(1));
        var first = ExpectMsg<ConnectionLeased>(TimeSpan.FromSeconds(10));
        member.Tell(new ReleaseConnection(first.Lease, Reusable: true));
        Watch(first.Lease.Connection);

        server.CloseAccepted();

        ExpectTerminated(first.Lease.Connection, TimeSpan.FromSeconds(10));
        member.Tell(new AcquireConnection(2));
        var second = ExpectMsg<ConnectionLeased>(TimeSpan.FromSeconds(10));
        Assert.False(second.Reused);
    }

    [Fact]
    public void Lessee_DiesHoldingALease_ConnectionIsReclaimed()
    {
        using var server = new CountingListener();
        var member = StartMember(server.Port, maxConnections: 1);
        var lessee = CreateTestProbe();
        member.Tell(new AcquireConnection(1), lessee.Ref);
        var first = lessee.ExpectMsg<ConnectionLeased>(TimeSpan.FromSeconds(10));
        Watch(first.Lease.Connection);

        Sys.Stop(lessee.Ref);

        ExpectTerminated(first.Lease.Connection, TimeSpan.FromSeconds(10));
        member.Tell(new AcquireConnection(2));
        Assert.Equal(2, ExpectMsg<ConnectionLeased>(TimeSpan.FromSeconds(10)).CorrelationId);
    }
}
