using Akka.Actor;
using Akka.IO;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Metrics;
using static Paralarva.Actors.Balancing.BalancerMessages;
using static Paralarva.Actors.Balancing.UpstreamMessages;
using static Paralarva.Tests.Listener.RequestActorProbes;

namespace Paralarva.Tests.Listener;

/// <summary>The RequestActor's tunnel phase (RFC 9110 section 7.8) with probes for both sockets.</summary>
public sealed class RequestActorTunnelTests : TestKit
{
    private const string UpgradeRequest =
        "GET /chat HTTP/1.1\r\nHost: svc.test\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\n";

    private const string SwitchingHead = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";

    private readonly RequestActorProbes _p;

    public RequestActorTunnelTests() => _p = new RequestActorProbes(this);

    /// <summary>Up to the 101 relayed with <paramref name="afterHead"/>, and the client's write acked.</summary>
    private IActorRef OpenTunnel(string afterHead = "", TimeSpan? idleTimeout = null)
    {
        var actor = _p.Start(idleTimeout);
        var forwarded = _p.SendAndLease(actor, UpgradeRequest);
        // RFC 9110 section 7.8: the member gets Upgrade and the Connection option naming it, nothing else hop-by-hop.
        Assert.Contains("\r\nUpgrade: websocket\r\n", forwarded);
        Assert.Contains("\r\nConnection: upgrade\r\n", forwarded);
        Assert.DoesNotContain("keep-alive", forwarded);

        actor.Tell(MemberBytes(SwitchingHead + afterHead), _p.Connection.Ref);
        var relayed = Text(_p.Client.ExpectMsg<Tcp.Write>());
        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", relayed);
        Assert.Contains("\r\nUpgrade: websocket\r\n", relayed);
        Assert.EndsWith("\r\n\r\n" + afterHead, relayed);
        // The client may send in the new protocol at once; the member is read only once the client took the 101.
        _p.Client.ExpectMsg<Tcp.ResumeReading>();
        _p.Socket.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        _p.Socket.ExpectMsg<Tcp.ResumeReading>();
        return actor;
    }

    [Fact]
    public void Tunnel_BytesBothWays_OneWriteOutstandingPerDirection()
    {
        var actor = OpenTunnel(afterHead: "srv-hello");

        actor.Tell(Bytes("\x81\x05hello"));
        Assert.Equal("\x81\x05hello", Text(_p.Socket.ExpectMsg<Tcp.Write>()));
        // Backpressure: no more client bytes until the member took these.
        _p.Client.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        actor.Tell(MemberWriteAck.Instance, _p.Socket.Ref);
        _p.Client.ExpectMsg<Tcp.ResumeReading>();

        actor.Tell(MemberBytes("\x81\x02ok"), _p.Connection.Ref);
        Assert.Equal("\x81\x02ok", Text(_p.Client.ExpectMsg<Tcp.Write>()));
        _p.Socket.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        _p.Socket.ExpectMsg<Tcp.ResumeReading>();
    }

    [Fact]
    public void BytesSentRightAfterTheUpgradeRequest_GoToTheMemberOnceItSwitched()
    {
        // RFC 9110 section 7.8: after the 101 the connection speaks the new protocol, including what already arrived.
        var actor = _p.Start();
        _p.SendAndLease(actor, UpgradeRequest + "early-frame");

        actor.Tell(MemberBytes(SwitchingHead), _p.Connection.Ref);

        _p.Client.ExpectMsg<Tcp.Write>();
        Assert.Equal("early-frame", Text(_p.Socket.ExpectMsg<Tcp.Write>()));
    }

    [Fact]
    public void ClientCloses_MemberClosedAfterPendingWrite_RecordedOnceAs101_NotPooled()
    {
        var actor = OpenTunnel(afterHead: "1234");
        Watch(actor);
        actor.Tell(Bytes("abc"));
        _p.Socket.ExpectMsg<Tcp.Write>();

        actor.Tell(Tcp.PeerClosed.Instance);
        // The write to the member is still pending: the close waits for its ack.
        _p.Socket.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        actor.Tell(MemberWriteAck.Instance, _p.Socket.Ref);
        _p.Socket.ExpectMsg<Tcp.Close>();
        actor.Tell(MemberClosed.GracefulInstance, _p.Connection.Ref);

        Assert.False(_p.Member.ExpectMsg<ReleaseConnection>().Reusable);
        ExpectTerminated(actor);
        var completed = _p.Metrics.FishForMessage<RequestCompleted>(m => m is RequestCompleted);
        Assert.Equal(101, completed.StatusCode);
        Assert.Equal(3, completed.RequestBodyBytes);
        Assert.Equal(4, completed.ResponseBodyBytes);
        _p.Metrics.FishForMessage(m => m is ClientConnectionClosed);
        _p.Metrics.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void MemberCloses_ClientClosedAfterItsPendingWrites()
    {
        var actor = OpenTunnel();
        actor.Tell(MemberBytes("last words"), _p.Connection.Ref);
        _p.Client.ExpectMsg<Tcp.Write>();

        actor.Tell(MemberClosed.GracefulInstance, _p.Connection.Ref);

        Assert.False(_p.Member.ExpectMsg<ReleaseConnection>().Reusable);
        // ConfirmedClose flushes the queued write first, then sends FIN.
        _p.Client.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void MemberResets_ClientAborted()
    {
        var actor = OpenTunnel();

        actor.Tell(MemberClosed.ErrorInstance, _p.Connection.Ref);

        _p.Client.FishForMessage(m => m is Tcp.Abort);
        Assert.False(_p.Member.ExpectMsg<ReleaseConnection>().Reusable);
    }

    [Fact]
    public void IdleTunnel_ClosedBothWaysAfterTheIdleTimeout()
    {
        var actor = OpenTunnel(idleTimeout: TimeSpan.FromMilliseconds(300));
        Watch(actor);

        _p.Socket.ExpectMsg<Tcp.Abort>(TimeSpan.FromSeconds(5));
        _p.Client.FishForMessage(m => m is Tcp.Abort, TimeSpan.FromSeconds(5));
        Assert.False(_p.Member.ExpectMsg<ReleaseConnection>().Reusable);
    }

    [Fact]
    public void DrainTimeout_TunnelAbortedAndStillRecordedOnce()
    {
        // A graceful shutdown cannot end a tunnel politely: the drain timeout aborts it, and it still counts.
        var actor = OpenTunnel();
        Watch(actor);

        actor.Tell(DrainMessages.DrainConnection.Instance);
        _p.Client.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        actor.Tell(DrainMessages.AbortConnection.Instance);

        _p.Socket.ExpectMsg<Tcp.Abort>();
        _p.Client.ExpectMsg<Tcp.Abort>();
        ExpectTerminated(actor);
        Assert.Equal(101, _p.Metrics.FishForMessage<RequestCompleted>(m => m is RequestCompleted).StatusCode);
    }

    [Fact]
    public void SwitchingProtocolsWithoutUpgradeRequest_BadGateway()
    {
        // A 101 to a request that asked for no upgrade cannot be relayed: the member would speak another protocol.
        var actor = _p.Start();
        _p.SendAndLease(actor, "GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n");

        actor.Tell(MemberBytes(SwitchingHead), _p.Connection.Ref);

        Assert.StartsWith("HTTP/1.1 502 ", Text(_p.Client.ExpectMsg<Tcp.Write>()));
    }

    [Fact]
    public void UpgradeWithBody_ForwardedAsAnOrdinaryRequest()
    {
        // Paralarva tunnels only bodiless upgrades (WebSocket handshakes are GETs, RFC 6455 section 4.1).
        var actor = _p.Start();
        var forwarded = _p.SendAndLease(actor,
            "POST / HTTP/1.1\r\nHost: svc.test\r\nConnection: Upgrade\r\nUpgrade: h2c\r\nContent-Length: 2\r\n\r\nhi");

        Assert.DoesNotContain("Upgrade", forwarded);
    }
}
