using Akka.Actor;
using Akka.IO;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;
using Paralarva.Tests.Balancing;
using static Paralarva.Actors.Balancing.BalancerMessages;
using static Paralarva.Tests.Listener.RequestActorFixture;

namespace Paralarva.Tests.Listener;

public sealed class RequestActorRaceTests : TestKit
{
    private readonly RequestActorFixture _f;

    public RequestActorRaceTests() => _f = new RequestActorFixture(this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _f.Dispose();
        base.Dispose(disposing);
    }

    [Fact]
    public void KeepAliveRace_PooledConnectionClosedAfterTheLeaseBeforeTheWrite_PostReplayedSinceNothingWasSent()
    {
        var actor = _f.Start(ProxyOptions.Default, maxRetries: 0);
        actor.Tell(Bytes("POST /k HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 2\r\n\r\nhi"));
        var acquire = _f.ExpectAcquire();
        var (connection, member) = _f.A.Open(_f.Balancer.Ref);
        Assert.True(connection.TryLease(actor));

        // The member closes it after the balancer leased it and before the lessee wrote anything: the
        // MemberClosed(BeforeWrite: true) reaches the actor before its ConnectionLeased.
        member.Close();
        AwaitCondition(() => connection.IsClosed, MemberSocket.Wait);
        actor.Tell(new ConnectionLeased(acquire.CorrelationId, connection, Reused: true));

        Assert.False(_f.ExpectRelease().Reusable);
        var replay = _f.ExpectAcquire();
        Assert.EndsWith("\r\n\r\nhi", _f.Lease(actor, replay).Member.ReadRequest());
    }

    [Fact]
    public void TunnelEndedByTheClient_TheMemberGetsItsLastBytesThenAFin()
    {
        const string Upgrade = "GET /chat HTTP/1.1\r\nHost: svc.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n";
        var actor = _f.Start();
        Watch(actor);
        var leased = _f.SendAndLease(actor, Upgrade);
        leased.Member.ReadHead();
        leased.Member.Send("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
        _f.Client.ExpectMsg<Tcp.Write>();
        _f.Client.ExpectMsg<Tcp.ResumeReading>();
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        actor.Tell(Bytes("\x88\x00"));
        _f.Client.ExpectMsg<Tcp.ResumeReading>();

        actor.Tell(Tcp.PeerClosed.Instance);

        Assert.Equal("\x88\x00", leased.Member.Read(2));
        Assert.Equal(MemberSocketEnd.Fin, leased.Member.ExpectEnd());
        ExpectTerminated(actor);
        Assert.Equal(101, _f.ExpectCompleted().StatusCode);
    }
}
