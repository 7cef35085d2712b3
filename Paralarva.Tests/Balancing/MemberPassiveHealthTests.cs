using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;
using Paralarva.Tests.Common;
using static Paralarva.Actors.Balancing.BalancerMessages;

namespace Paralarva.Tests.Balancing;

/// <summary>Passive health (issue 4): ejection on consecutive failures or 5xx, and the return on its own.</summary>
public sealed class MemberPassiveHealthTests : TestKit
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);
    private readonly TestProbe _parent;
    private readonly TestProbe _metrics;

    public MemberPassiveHealthTests()
    {
        _parent = CreateTestProbe("balancer");
        _metrics = CreateTestProbe("metrics");
    }

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private IActorRef StartMember(int port, OutlierDetectionConfig outliers)
    {
        var member = new MemberConfig("127.0.0.1", port);
        var service = new ServiceConfig("svc", "svc.test", [member], StrategyNames.Default) { OutlierDetection = outliers };
        var parent = Sys.ActorOf(ForwardingParent.Props(MemberActor.Props(service, member, MemberTimeoutsConfig.Default, 8, _metrics.Ref), _parent.Ref));
        parent.Tell(ForwardingParent.GetChild.Instance);
        var actor = ExpectMsg<IActorRef>();
        // A member announces its status when it starts: available.
        Assert.True(_parent.ExpectMsg<MemberMessages.StatusChanged>(Long).Available);
        return actor;
    }

    private static OutlierDetectionConfig Outliers(int failures = 2, int fivexx = 0, int baseMs = 300, int maxMs = 5000) =>
        new(failures, fivexx, TimeSpan.FromMilliseconds(baseMs), TimeSpan.FromMilliseconds(maxMs));

    private void FailConnects(IActorRef member, int count)
    {
        for (var i = 0; i < count; i++)
        {
            member.Tell(new AcquireConnection(i));
            Assert.Equal(ProxyError.MemberRefused, ExpectMsg<LeaseFailed>(Long).Error);
        }
    }

    /// <summary><paramref name="times"/> exchanges ended with <paramref name="outcome"/>, as the balancer tells them on release.</summary>
    private static void Exchanges(IActorRef member, int times, ExchangeOutcome outcome)
    {
        for (var i = 0; i < times; i++)
            member.Tell(new MemberConnectionMessages.OutcomeObserved(outcome));
    }

    [Fact]
    public void RefusedConnections_InARow_EjectedThenReturnsOnItsOwn()
    {
        var member = StartMember(ClosedPort(), Outliers(failures: 2));

        FailConnects(member, 1);
        _parent.ExpectNoMsg(Absence.Window);
        FailConnects(member, 1);

        var ejected = _parent.ExpectMsg<MemberMessages.StatusChanged>(Long);
        Assert.True(ejected.Ejected);
        Assert.True(ejected.Healthy);
        Assert.Equal(member, ejected.Member);
        var returned = _parent.ExpectMsg<MemberMessages.StatusChanged>(Long);
        Assert.False(returned.Ejected);
        Assert.True(returned.Available);
    }

    [Fact]
    public void Ejection_ReportedToMetrics_WithItsReturn()
    {
        var member = StartMember(ClosedPort(), Outliers(failures: 1));

        FailConnects(member, 1);

        _metrics.FishForMessage<MemberStatusChanged>(m => m.Ejected, Long);
        var returned = _metrics.FishForMessage<MemberStatusChanged>(m => !m.Ejected, Long);
        Assert.Equal("svc", returned.Service);
        Assert.True(returned.Healthy);
    }

    [Fact]
    public void SecondEjectionInARow_LastsTwiceTheBase()
    {
        var member = StartMember(ClosedPort(), Outliers(failures: 1, baseMs: 400));
        FailConnects(member, 1);
        Assert.True(_parent.ExpectMsg<MemberMessages.StatusChanged>(Long).Ejected);
        Assert.False(_parent.ExpectMsg<MemberMessages.StatusChanged>(Long).Ejected);

        FailConnects(member, 1);
        Assert.True(_parent.ExpectMsg<MemberMessages.StatusChanged>(Long).Ejected);

        // 800 ms this time: nothing at 500 ms, the return after.
        _parent.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        Assert.False(_parent.ExpectMsg<MemberMessages.StatusChanged>(Long).Ejected);
    }

    [Fact]
    public void ServerErrorsInARow_EjectedWhenConsecutive5xxIsSet()
    {
        using var server = new CountingListener();
        var member = StartMember(server.Port, Outliers(failures: 5, fivexx: 2, baseMs: 60_000, maxMs: 60_000));

        Exchanges(member, 2, ExchangeOutcome.ServerError);

        Assert.True(_parent.ExpectMsg<MemberMessages.StatusChanged>(Long).Ejected);
    }

    [Fact]
    public void ServerErrors_Consecutive5xxOff_NeverEject()
    {
        using var server = new CountingListener();
        var member = StartMember(server.Port, Outliers(failures: 1, fivexx: 0));

        Exchanges(member, 5, ExchangeOutcome.ServerError);

        _parent.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void ClientSideEndings_NeverCountAgainstTheMember()
    {
        using var server = new CountingListener();
        var member = StartMember(server.Port, Outliers(failures: 1));

        // Released not reusable with no outcome: a client that went away mid-exchange.
        Exchanges(member, 3, ExchangeOutcome.Unknown);

        _parent.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void ResetsReportedOnRelease_Eject()
    {
        using var server = new CountingListener();
        var member = StartMember(server.Port, Outliers(failures: 2));

        Exchanges(member, 1, ExchangeOutcome.Reset);
        Exchanges(member, 1, ExchangeOutcome.Timeout);

        Assert.True(_parent.ExpectMsg<MemberMessages.StatusChanged>(Long).Ejected);
    }
}
